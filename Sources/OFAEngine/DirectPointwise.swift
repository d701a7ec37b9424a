import Tensor

/// A 1×1 convolution computed directly from the weights' and the image's own layouts, without GEMM packing:
/// `output[m, n] = act(Σ_k weights[m · weightRowStride + k] · input[k · spatial + n] + bias[m]) (+ residual[m, n])`.
///
/// The supernet's pointwise layers are skinny (K = 16…1152 input channels, N = 16…12544 positions) and OpenBLAS
/// re-packs both operands on every call and runs the bias/activation/residual as a second pass; here an 8-row ×
/// 48-column block of the output stays in 24 SIMD16 registers while K streams through (each step: 3 vector loads
/// of the input row, 8 broadcast weights, 24 fused multiply-adds), and the epilogue is applied in registers
/// before the one store. Elastic widths need nothing special: a sub-network reads the leading `inputChannels`
/// of each weight row (row stride `weightRowStride`) and the leading `outputChannels` rows.
///
/// Column tails are done by a last block shifted left to end at the range's end (it recomputes a few columns
/// with identical values), so every load stays inside the input; ranges narrower than 16 columns use a scalar
/// loop. Rows beyond `outputChannels` in the last 8-row panel repeat the last row and are not stored.
/// `output` must not overlap `input` or `residual`.
enum DirectPointwise {
    /// Output rows (channels) per register block.
    static let panelRows = 8
    /// Output columns per wide register block (3 × SIMD16).
    static let wideColumns = 48
    /// Output columns per narrow register block (1 × SIMD16).
    static let narrowColumns = 16
    /// Up to this depth the input is re-read per 8-row panel rather than kept per column block.
    static let panelOuterMaximumDepth = 48
    /// Below this many multiply-adds the layer runs on the calling thread.
    static let minimumWorkPerThread = 200_000

    /// The whole layer, split into up to `EngineKernels.partsPerThread` parts per thread (by columns when the
    /// planes are wide, else by 8-row panels of output channels).
    static func run(
        input: UnsafePointer<Float>, inputChannels: Int, spatial: Int, weights: UnsafePointer<Float>,
        weightRowStride: Int, outputChannels: Int, bias: UnsafePointer<Float>, activation: SupernetActivation?,
        residual: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>, threads: Int
    ) {
        guard outputChannels > 0, spatial > 0 else { return }
        let work = outputChannels * spatial * max(1, inputChannels)
        let layer = Layer(input: input, k: inputChannels, n: spatial, weights: weights, ldw: weightRowStride,
                          m: outputChannels, bias: bias, activation: activation, residual: residual, output: output,
                          outputRowStride: spatial)
        let parts = max(1, min(threads * EngineKernels.partsPerThread, work / minimumWorkPerThread))
        if parts == 1 || threads <= 1 {
            layer.compute(rows: 0..<outputChannels, columns: 0..<spatial)
            return
        }
        // Parts are claimed one by one by the threads (see `EngineKernels.forEachPart(_:threads:_:)`); every
        // output value is computed the same way whatever the split.
        if spatial >= parts * 2 * wideColumns {
            EngineKernels.forEachPart(parts, threads: threads) { part in
                let columns = Threading.columnSlice(spatial, part: part, of: parts)
                if !columns.isEmpty { layer.compute(rows: 0..<outputChannels, columns: columns) }
            }
        } else {
            let panels = (outputChannels + panelRows - 1) / panelRows
            let rowParts = min(parts, panels)
            EngineKernels.forEachPart(rowParts, threads: threads) { part in
                let rows = min(outputChannels, panels * part / rowParts * panelRows)
                    ..< min(outputChannels, panels * (part + 1) / rowParts * panelRows)
                if !rows.isEmpty { layer.compute(rows: rows, columns: 0..<spatial) }
            }
        }
    }

    /// The same convolution on a `size` × `size` image, written straight into the depthwise input layout of
    /// `EngineKernels.activateIntoPadded` (planes of `paddedSide(size)²` floats with a zero border of
    /// `EngineKernels.border`; with `deinterleaved`, for a stride-2 depthwise conv, every row stored as its even
    /// padded columns then its odd ones), so the expand conv needs no separate padding pass. Image rows are the
    /// column ranges (at least 16 wide; for smaller images the caller uses the plain layout and a copy). Split
    /// over 8-row panels of output channels.
    static func runIntoPadded(
        input: UnsafePointer<Float>, inputChannels: Int, size: Int, weights: UnsafePointer<Float>,
        weightRowStride: Int, outputChannels: Int, bias: UnsafePointer<Float>, activation: SupernetActivation?,
        padded: UnsafeMutablePointer<Float>, deinterleaved: Bool, threads: Int
    ) {
        precondition(size >= narrowColumns, "runIntoPadded needs rows of at least \(narrowColumns) columns")
        guard outputChannels > 0 else { return }
        let layer = paddedLayer(input: input, inputChannels: inputChannels, size: size, weights: weights,
                                weightRowStride: weightRowStride, outputChannels: outputChannels, bias: bias,
                                activation: activation, padded: padded)
        let work = outputChannels * size * size * max(1, inputChannels)
        let panels = (outputChannels + panelRows - 1) / panelRows
        let parts = max(1, min(threads * EngineKernels.partsPerThread, panels, work / minimumWorkPerThread))
        EngineKernels.forEachPart(parts, threads: threads) { part in
            let rows = min(outputChannels, panels * part / parts * panelRows)
                ..< min(outputChannels, panels * (part + 1) / parts * panelRows)
            layer.intoPadded(rows: rows, size: size, deinterleaved: deinterleaved)
        }
    }

    /// The operands of `runIntoPadded` (see there), for callers that split the output channels themselves.
    static func paddedLayer(
        input: UnsafePointer<Float>, inputChannels: Int, size: Int, weights: UnsafePointer<Float>,
        weightRowStride: Int, outputChannels: Int, bias: UnsafePointer<Float>, activation: SupernetActivation?,
        padded: UnsafeMutablePointer<Float>
    ) -> Layer {
        let side = EngineKernels.paddedSide(size)
        return Layer(input: input, k: inputChannels, n: size * size, weights: weights, ldw: weightRowStride,
                     m: outputChannels, bias: bias, activation: activation, residual: nil, output: padded,
                     outputRowStride: side * side)
    }

    /// Zeros every float of a deinterleaved padded plane that holds no image value (`runIntoPadded` writes the rest).
    static func zeroDeinterleavedBorder(_ plane: UnsafeMutablePointer<Float>, size: Int) {
        let border = EngineKernels.border
        let side = EngineKernels.paddedSide(size)
        let evenCount = (side + 1) / 2
        plane.update(repeating: 0, count: border * side)
        (plane + (border + size) * side).update(repeating: 0, count: border * side)
        // In a row: evens hold odd x (size / 2 values) from (border + 1) / 2, odds hold even x ((size + 1) / 2
        // values) from evenCount + border / 2.
        let evensStart = (border + 1) / 2, evensEnd = evensStart + size / 2
        let oddsStart = evenCount + border / 2, oddsEnd = oddsStart + (size + 1) / 2
        for y in 0..<size {
            let line = plane + (border + y) * side
            line.update(repeating: 0, count: evensStart)
            (line + evensEnd).update(repeating: 0, count: oddsStart - evensEnd)
            (line + oddsEnd).update(repeating: 0, count: side - oddsEnd)
        }
    }

    /// One layer's operands; `compute` fills any rectangle of the output.
    struct Layer {
        let input: UnsafePointer<Float>
        let k: Int
        let n: Int
        let weights: UnsafePointer<Float>
        let ldw: Int
        let m: Int
        let bias: UnsafePointer<Float>
        let activation: SupernetActivation?
        let residual: UnsafePointer<Float>?
        let output: UnsafeMutablePointer<Float>
        /// Output element (row, column) is at `output[row · outputRowStride + column + outputShift]`.
        var outputRowStride: Int
        var outputShift = 0
        /// When set, the image row being computed starts at flat column `rowStart` and is stored deinterleaved
        /// (see `EngineKernels.activateIntoPadded`): odd x at `evens + x / 2`, even x at `odds + x / 2`, both
        /// offsets within the output row.
        var deinterleavedRow: (rowStart: Int, evens: Int, odds: Int)?

        /// Output rows (channels) `rows` of a layer made by `paddedLayer`: every image row of a `size` × `size`
        /// image into the padded (optionally deinterleaved) planes, then the planes' zero borders.
        func intoPadded(rows: Range<Int>, size: Int, deinterleaved: Bool) {
            guard !rows.isEmpty else { return }
            let border = EngineKernels.border
            let side = EngineKernels.paddedSide(size)
            let evenCount = (side + 1) / 2
            var rowLayer = self
            for y in 0..<size {
                let line = (border + y) * side
                if deinterleaved {
                    rowLayer.deinterleavedRow = (y * size, line + (border + 1) / 2, line + evenCount + border / 2)
                } else {
                    rowLayer.outputShift = line + border - y * size
                }
                rowLayer.compute(rows: rows, columns: (y * size)..<((y + 1) * size))
            }
            for channel in rows {
                let plane = output + channel * side * side
                if deinterleaved {
                    DirectPointwise.zeroDeinterleavedBorder(plane, size: size)
                    continue
                }
                plane.update(repeating: 0, count: border * side + border)
                for y in 1..<size { (plane + (border + y) * side - border).update(repeating: 0, count: 2 * border) }
                (plane + (border + size) * side - border).update(repeating: 0, count: border * side + border)
            }
        }

        /// Output rows `rows` × columns `columns` (at least 16 columns wide for the vector path). Deep layers
        /// go block of columns by block (one K × 48 block of the input stays in cache while every panel of
        /// weights passes over it); shallow ones (K ≤ `panelOuterMaximumDepth`) panel by panel, each streaming
        /// its 8 output rows in order (the input is small, and the output writes dominate).
        func compute(rows: Range<Int>, columns: Range<Int>) {
            let width = columns.count
            if width < DirectPointwise.narrowColumns {
                scalar(rows: rows, columns: columns)
                return
            }
            if k <= DirectPointwise.panelOuterMaximumDepth {
                var row = rows.lowerBound
                while row < rows.upperBound {
                    columnBlocks(row: row, rowEnd: rows.upperBound, columns: columns)
                    row += DirectPointwise.panelRows
                }
                return
            }
            let end = columns.upperBound
            var start = columns.lowerBound
            while start < end {
                let blockEnd = end - start < 2 * DirectPointwise.wideColumns ? end : start + DirectPointwise.wideColumns
                var row = rows.lowerBound
                while row < rows.upperBound {
                    columnBlocks(row: row, rowEnd: rows.upperBound, columns: start..<blockEnd)
                    row += DirectPointwise.panelRows
                }
                start = blockEnd
            }
        }

        /// The 8-row panel at `row` over `columns` (at least 16): 48-column blocks, then 16-column ones, the
        /// last shifted left to end at the range's end.
        @inline(__always)
        func columnBlocks(row: Int, rowEnd: Int, columns: Range<Int>) {
            let end = columns.upperBound
            var start = columns.lowerBound
            while start + DirectPointwise.wideColumns <= end {
                wideBlock(row: row, rowEnd: rowEnd, column: start)
                start += DirectPointwise.wideColumns
            }
            while start < end {
                narrowBlock(row: row, rowEnd: rowEnd, column: min(start, end - DirectPointwise.narrowColumns))
                start += DirectPointwise.narrowColumns
            }
        }

        /// Pointers to the weight rows of the panel starting at `row`; rows at or past `rowEnd` repeat the last
        /// valid row (computed, not stored).
        @inline(__always)
        func weightRows(_ row: Int, _ rowEnd: Int) -> (UnsafePointer<Float>, UnsafePointer<Float>,
                                                        UnsafePointer<Float>, UnsafePointer<Float>,
                                                        UnsafePointer<Float>, UnsafePointer<Float>,
                                                        UnsafePointer<Float>, UnsafePointer<Float>)
        {
            let last = rowEnd - 1
            @inline(__always) func pointer(_ offset: Int) -> UnsafePointer<Float> { weights + min(row + offset, last) * ldw }
            return (pointer(0), pointer(1), pointer(2), pointer(3), pointer(4), pointer(5), pointer(6), pointer(7))
        }

        /// 8 rows × 48 columns at (`row`, `column`).
        @inline(__always)
        func wideBlock(row: Int, rowEnd: Int, column: Int) {
            let (w0, w1, w2, w3, w4, w5, w6, w7) = weightRows(row, rowEnd)
            var a0 = Wide(), a1 = Wide(), a2 = Wide(), a3 = Wide(), a4 = Wide(), a5 = Wide(), a6 = Wide(), a7 = Wide()
            var source = input + column
            for index in 0..<k {
                let x0 = DirectPointwise.load(source), x1 = DirectPointwise.load(source + 16)
                let x2 = DirectPointwise.load(source + 32)
                a0.add(x0, x1, x2, w0[index]); a1.add(x0, x1, x2, w1[index])
                a2.add(x0, x1, x2, w2[index]); a3.add(x0, x1, x2, w3[index])
                a4.add(x0, x1, x2, w4[index]); a5.add(x0, x1, x2, w5[index])
                a6.add(x0, x1, x2, w6[index]); a7.add(x0, x1, x2, w7[index])
                source += n
            }
            let count = min(DirectPointwise.panelRows, rowEnd - row)
            store(a0, row: row, column: column)
            if count > 1 { store(a1, row: row + 1, column: column) }
            if count > 2 { store(a2, row: row + 2, column: column) }
            if count > 3 { store(a3, row: row + 3, column: column) }
            if count > 4 { store(a4, row: row + 4, column: column) }
            if count > 5 { store(a5, row: row + 5, column: column) }
            if count > 6 { store(a6, row: row + 6, column: column) }
            if count > 7 { store(a7, row: row + 7, column: column) }
        }

        /// 8 rows × 16 columns at (`row`, `column`).
        @inline(__always)
        func narrowBlock(row: Int, rowEnd: Int, column: Int) {
            let (w0, w1, w2, w3, w4, w5, w6, w7) = weightRows(row, rowEnd)
            var a0 = SIMD16<Float>(), a1 = SIMD16<Float>(), a2 = SIMD16<Float>(), a3 = SIMD16<Float>()
            var a4 = SIMD16<Float>(), a5 = SIMD16<Float>(), a6 = SIMD16<Float>(), a7 = SIMD16<Float>()
            var source = input + column
            for index in 0..<k {
                let x = DirectPointwise.load(source)
                a0 = a0.addingProduct(x, w0[index]); a1 = a1.addingProduct(x, w1[index])
                a2 = a2.addingProduct(x, w2[index]); a3 = a3.addingProduct(x, w3[index])
                a4 = a4.addingProduct(x, w4[index]); a5 = a5.addingProduct(x, w5[index])
                a6 = a6.addingProduct(x, w6[index]); a7 = a7.addingProduct(x, w7[index])
                source += n
            }
            let count = min(DirectPointwise.panelRows, rowEnd - row)
            store(a0, row: row, offset: column)
            if count > 1 { store(a1, row: row + 1, offset: column) }
            if count > 2 { store(a2, row: row + 2, offset: column) }
            if count > 3 { store(a3, row: row + 3, offset: column) }
            if count > 4 { store(a4, row: row + 4, offset: column) }
            if count > 5 { store(a5, row: row + 5, offset: column) }
            if count > 6 { store(a6, row: row + 6, offset: column) }
            if count > 7 { store(a7, row: row + 7, offset: column) }
        }

        @_transparent
        func store(_ block: Wide, row: Int, column: Int) {
            store(block.v0, row: row, offset: column)
            store(block.v1, row: row, offset: column + 16)
            store(block.v2, row: row, offset: column + 32)
        }

        /// Bias, activation and residual on 16 sums of output row `row`, then one store.
        @_transparent
        func store(_ sums: SIMD16<Float>, row: Int, offset: Int) {
            var value = DirectPointwise.activated(sums + bias[row], activation)
            if let residual { value += DirectPointwise.load(residual + row * n + offset) }
            if let target = deinterleavedRow {
                let x = offset - target.rowStart
                let line = UnsafeMutableRawPointer(output + row * outputRowStride)
                // Lanes alternate between the two halves of the stored row; which half lane 0 goes to depends
                // on the parity of x.
                let (evenLanes, oddLanes) = x % 2 == 0
                    ? (target.odds + x / 2, target.evens + x / 2)
                    : (target.evens + (x - 1) / 2, target.odds + (x + 1) / 2)
                (line + evenLanes * 4).storeBytes(of: value.evenHalf, as: SIMD8<Float>.self)
                (line + oddLanes * 4).storeBytes(of: value.oddHalf, as: SIMD8<Float>.self)
                return
            }
            UnsafeMutableRawPointer(output + row * outputRowStride + offset + outputShift)
                .storeBytes(of: value, as: SIMD16<Float>.self)
        }

        /// Plain loops for ranges narrower than one vector.
        func scalar(rows: Range<Int>, columns: Range<Int>) {
            for row in rows {
                let weightRow = weights + row * ldw
                for column in columns {
                    var sum: Float = 0
                    for index in 0..<k { sum += weightRow[index] * input[index * n + column] }
                    var value = EngineKernels.activated(sum + bias[row], activation)
                    if let residual { value += residual[row * n + column] }
                    output[row * outputRowStride + column + outputShift] = value
                }
            }
        }
    }

    /// 48 sums of one output row.
    struct Wide {
        var v0 = SIMD16<Float>(), v1 = SIMD16<Float>(), v2 = SIMD16<Float>()

        @inline(__always)
        mutating func add(_ x0: SIMD16<Float>, _ x1: SIMD16<Float>, _ x2: SIMD16<Float>, _ weight: Float) {
            v0 = v0.addingProduct(x0, weight)
            v1 = v1.addingProduct(x1, weight)
            v2 = v2.addingProduct(x2, weight)
        }
    }

    @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD16<Float>.self)
    }

    /// ReLU or h-swish (x · relu6(x + 3) / 6, PyTorch's order of operations) on 16 lanes.
    @inline(__always)
    static func activated(_ value: SIMD16<Float>, _ activation: SupernetActivation?) -> SIMD16<Float> {
        switch activation {
        case nil:
            return value
        case .relu?:
            return value.replacing(with: 0, where: value .< 0)
        case .hardSwish?:
            var gate = value + 3
            gate = gate.replacing(with: 0, where: gate .< 0)
            gate = gate.replacing(with: 6, where: gate .> 6)
            return value * gate / 6
        }
    }
}
