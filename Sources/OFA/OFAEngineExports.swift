// `import OFA` keeps giving the whole OFA surface: the engine, weights and configs live in `OFAEngine` (the part
// tandemd links, without libhdf5 and Foundation) and are re-exported here.
@_exported import OFAEngine
