/// The numeric kernels: raw-pointer functions that allocate nothing per call (callers preallocate every
/// buffer), so an inference engine can run a whole network without touching the heap.
///
/// Images are one sample in CHW order (channel planes of `height × width` floats) unless a kernel says
/// otherwise; weights follow PyTorch's layouts. Each kernel uses up to `Threading.threadCount` threads.
public enum Kernels {}
