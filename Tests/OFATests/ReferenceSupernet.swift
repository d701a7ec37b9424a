@testable import OFA
@testable import OFAEngine

/// An independent, deliberately naive forward pass written from the spec (sections 1, 3 and 4), in double
/// precision: raw (unfolded) weights, batch norm applied as a separate step, explicit slices of the full tensors
/// copied out per call, the 7 → 5 → 3 kernel transformation recomputed every time. It shares nothing with the
/// engine but `SupernetArchitecture`'s channel table and the weights' values.
struct ReferenceSupernet {
    let weights: SupernetWeights
    var a: SupernetArchitecture { weights.architecture }

    /// A [C, H, W] feature map.
    struct Map {
        var channels: Int
        var size: Int
        var values: [Double]
        subscript(c: Int, y: Int, x: Int) -> Double {
            get { values[(c * size + y) * size + x] }
            set { values[(c * size + y) * size + x] = newValue }
        }
    }

    func w(_ key: String) -> [Double] { (weights.values(key) ?? []).map(Double.init) }

    func logits(image: [Float], config: SubnetConfig) -> [Double] {
        var x = Map(channels: 3, size: config.r, values: image.map(Double.init))
        x = conv(x, weight: w("first_conv.conv.weight"), outChannels: a.stemChannels, kernel: 3, stride: 2, groups: 1)
        x = hswish(bn(x, "first_conv.bn"))
        // Block 0.
        var y = conv(x, weight: w("blocks.0.mobile_inverted_conv.depth_conv.conv.weight"), outChannels: a.stemChannels,
                     kernel: 3, stride: 1, groups: a.stemChannels)
        y = relu(bn(y, "blocks.0.mobile_inverted_conv.depth_conv.bn"))
        y = conv(y, weight: w("blocks.0.mobile_inverted_conv.point_linear.conv.weight"),
                 outChannels: a.firstBlockChannels, kernel: 1, stride: 1, groups: 1)
        y = bn(y, "blocks.0.mobile_inverted_conv.point_linear.bn")
        x = add(y, x)
        for block in a.blocks {
            let stage = block.stage
            guard block.position < config.d[stage] else { continue }
            x = elasticBlock(x, block, kernel: config.ks[block.index - 1], expand: config.e[block.index - 1])
        }
        x = conv(x, weight: w("final_expand_layer.conv.weight"), outChannels: a.finalExpandChannels, kernel: 1,
                 stride: 1, groups: 1)
        x = hswish(bn(x, "final_expand_layer.bn"))
        let pooled = mean(x)
        let mix = w("feature_mix_layer.conv.weight")
        var features = [Double](repeating: 0, count: a.featureMixChannels)
        for o in 0..<a.featureMixChannels {
            features[o] = hswish(dot(mix, row: o, stride: a.finalExpandChannels, pooled, count: a.finalExpandChannels))
        }
        let classifier = w("classifier.linear.weight")
        let bias = w("classifier.linear.bias")
        var logits = [Double](repeating: 0, count: a.classCount)
        for o in 0..<a.classCount {
            logits[o] = dot(classifier, row: o, stride: a.featureMixChannels, features, count: a.featureMixChannels) + bias[o]
        }
        return logits
    }

    func elasticBlock(_ input: Map, _ block: ElasticBlockSpec, kernel k: Int, expand e: Int) -> Map {
        let p = "blocks.\(block.index).mobile_inverted_conv"
        let midMax = block.maxMiddleChannels
        let mid = SupernetArchitecture.makeDivisible(Double(block.inputChannels * e))
        let act: (Map) -> Map = block.activation == .relu ? { relu($0) } : { hswish($0) }
        // inverted_bottleneck: leading mid rows of W_ib.
        let ib = Array(w("\(p).inverted_bottleneck.conv.conv.weight")[0..<(mid * block.inputChannels)])
        var x = act(bn(conv(input, weight: ib, outChannels: mid, kernel: 1, stride: 1, groups: 1),
                       "\(p).inverted_bottleneck.bn.bn"))
        // depth_conv with the active kernel of the first mid channels.
        let w7 = w("\(p).depth_conv.conv.conv.weight")
        var kernel: [Double] = []
        for c in 0..<mid {
            kernel.append(contentsOf: activeKernel(Array(w7[(c * 49)..<((c + 1) * 49)]), size: k, prefix: p))
        }
        x = act(bn(conv(x, weight: kernel, outChannels: mid, kernel: k, stride: block.stride, groups: mid),
                   "\(p).depth_conv.bn.bn"))
        if block.hasSqueezeExcite {
            let seMax = block.maxSqueezeChannels
            let se = SupernetArchitecture.makeDivisible(Double(mid / 4))
            let reduce = w("\(p).depth_conv.se.fc.reduce.weight")
            let reduceBias = w("\(p).depth_conv.se.fc.reduce.bias")
            let expandW = w("\(p).depth_conv.se.fc.expand.weight")
            let expandBias = w("\(p).depth_conv.se.fc.expand.bias")
            let pooled = mean(x)
            var z = [Double](repeating: 0, count: se)
            for j in 0..<se { z[j] = max(0, dot(reduce, row: j, stride: midMax, pooled, count: mid) + reduceBias[j]) }
            var g = [Double](repeating: 0, count: mid)
            for c in 0..<mid { g[c] = hsigmoid(dot(expandW, row: c, stride: seMax, z, count: se) + expandBias[c]) }
            for c in 0..<mid { for yy in 0..<x.size { for xx in 0..<x.size { x[c, yy, xx] *= g[c] } } }
        }
        // point_linear: leading mid columns of every row of W_pl (row stride midMax).
        let plFull = w("\(p).point_linear.conv.conv.weight")
        var pl: [Double] = []
        for o in 0..<block.outputChannels { pl.append(contentsOf: plFull[(o * midMax)..<(o * midMax + mid)]) }
        var y = bn(conv(x, weight: pl, outChannels: block.outputChannels, kernel: 1, stride: 1, groups: 1),
                   "\(p).point_linear.bn.bn")
        if block.hasShortcut { y = add(y, input) }
        return y
    }

    /// The spec's kernel transformation, recomputed: centre 5×5 of the 7×7 times M75, centre 3×3 of that times M53.
    func activeKernel(_ w7: [Double], size: Int, prefix p: String) -> [Double] {
        if size == 7 { return w7 }
        func centre(_ kernel: [Double], from: Int, to: Int) -> [Double] {
            let o = (from - to) / 2
            var crop: [Double] = []
            for r in 0..<to { for c in 0..<to { crop.append(kernel[(r + o) * from + c + o]) } }
            return crop
        }
        func times(_ matrix: [Double], _ v: [Double]) -> [Double] {
            var result = [Double](repeating: 0, count: v.count)
            for j in 0..<v.count { result[j] = dot(matrix, row: j, stride: v.count, v, count: v.count) }
            return result
        }
        // Round to float like PyTorch's float32 K5 before the second step.
        let k5 = times(w("\(p).depth_conv.conv.7to5_matrix"), centre(w7, from: 7, to: 5)).map { Double(Float($0)) }
        if size == 5 { return k5 }
        return times(w("\(p).depth_conv.conv.5to3_matrix"), centre(k5, from: 5, to: 3))
    }

    func conv(_ x: Map, weight: [Double], outChannels: Int, kernel k: Int, stride: Int, groups: Int) -> Map {
        let outSize = (x.size + 2 * (k / 2) - k) / stride + 1
        let inPerGroup = x.channels / groups
        let outPerGroup = outChannels / groups
        var y = Map(channels: outChannels, size: outSize, values: Array(repeating: 0, count: outChannels * outSize * outSize))
        for o in 0..<outChannels {
            let g = o / outPerGroup
            for oy in 0..<outSize {
                for ox in 0..<outSize {
                    var sum = 0.0
                    for ic in 0..<inPerGroup {
                        for i in 0..<k {
                            for j in 0..<k {
                                let iy = oy * stride + i - k / 2
                                let ix = ox * stride + j - k / 2
                                guard iy >= 0, iy < x.size, ix >= 0, ix < x.size else { continue }
                                let tap: Double = weight[((o * inPerGroup + ic) * k + i) * k + j]
                                sum += tap * x[g * inPerGroup + ic, iy, ix]
                            }
                        }
                    }
                    y[o, oy, ox] = sum
                }
            }
        }
        return y
    }

    /// Inference BN on the first C channels of the stored vectors, eps 1e-5.
    func bn(_ x: Map, _ prefix: String) -> Map {
        let gamma = w("\(prefix).weight"), beta = w("\(prefix).bias")
        let mean = w("\(prefix).running_mean"), variance = w("\(prefix).running_var")
        var y = x
        for c in 0..<x.channels {
            for i in 0..<(x.size * x.size) {
                let index = c * x.size * x.size + i
                let normalised: Double = (x.values[index] - mean[c]) / (variance[c] + 1e-5).squareRoot()
                y.values[index] = normalised * gamma[c] + beta[c]
            }
        }
        return y
    }

    /// Σ_i matrix[row · stride + i] · v[i] for i < count (the leading `count` columns of a row).
    func dot(_ matrix: [Double], row: Int, stride: Int, _ v: [Double], count: Int) -> Double {
        var sum = 0.0
        for i in 0..<count { sum += matrix[row * stride + i] * v[i] }
        return sum
    }

    /// Spatial mean per channel.
    func mean(_ x: Map) -> [Double] {
        var result = [Double](repeating: 0, count: x.channels)
        for c in 0..<x.channels {
            var sum = 0.0
            for i in 0..<(x.size * x.size) { sum += x.values[c * x.size * x.size + i] }
            result[c] = sum / Double(x.size * x.size)
        }
        return result
    }

    func relu(_ x: Map) -> Map { var y = x; y.values = x.values.map { max($0, 0.0) }; return y }
    func hswish(_ x: Map) -> Map { var y = x; y.values = x.values.map(hswish); return y }
    func hswish(_ v: Double) -> Double { v * min(max(v + 3, 0), 6) / 6 }
    func hsigmoid(_ v: Double) -> Double { min(max(v + 3, 0), 6) / 6 }
    func add(_ x: Map, _ y: Map) -> Map { var z = x; z.values = zip(x.values, y.values).map(+); return z }
}
