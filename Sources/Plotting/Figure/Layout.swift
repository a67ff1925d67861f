/// The layout pass: sizes the grid so that tick labels, axis labels, titles and colorbars fit without
/// overlapping or leaving the canvas. It measures decorations, places the axes, and repeats until stable.
extension Figure {
    private var gapPad: Double { 10 }

    /// Resolves limits, places every axes and colorbar, and chooses ticks.
    func layout(_ canvas: Canvas) {
        for cb in colorbars { cb.prepare() }
        resolveLimits()
        let header = headerHeight(canvas)
        let footer = footerHeight(canvas)
        let sideLabel = sideLabelWidth(canvas)
        var deco = allAxes.map { _ in Insets(left: 40, right: 8, top: 8, bottom: 36) }
        for iteration in 0..<4 {
            place(deco: deco, header: header, footer: footer, sideLabel: sideLabel)
            for ax in allAxes + colorbars.map(\.axes) { ax.computeTicks() }
            alignLabels(canvas)
            guard iteration < 3 else { break }
            deco = allAxes.map { ax in
                let outer = ax.outerBounds(canvas, figureSize: size)
                return Insets(
                    left: ax.rect.minX - outer.minX, right: outer.maxX - ax.rect.maxX,
                    top: ax.rect.minY - outer.minY, bottom: outer.maxY - ax.rect.maxY)
            }
            for cb in colorbars {
                cb.decorationWidth =
                    cb.axes.outerBounds(canvas, figureSize: size).maxX - cb.axes.rect.maxX
            }
        }
    }

    private func resolveLimits() {
        var groups: [ObjectIdentifier: [Axes]] = [:]
        for ax in allAxes {
            if let g = ax.shareX { groups[ObjectIdentifier(g), default: []].append(ax) }
            if let g = ax.shareY { groups[ObjectIdentifier(g), default: []].append(ax) }
        }
        for ax in allAxes + colorbars.map(\.axes) {
            ax.xLimits = Limits.resolve(
                ax.shareX.flatMap { groups[ObjectIdentifier($0)] } ?? [ax], x: true)
            ax.yLimits = Limits.resolve(
                ax.shareY.flatMap { groups[ObjectIdentifier($0)] } ?? [ax], x: false)
        }
    }

    /// Cell edges along one dimension: `ratios`, outer margins, automatic gaps or a fractional `space`.
    private func edges(
        total: Double, start: Double, end: Double, ratios: [Double], gaps: [Double],
        space: Double?
    ) -> [(Double, Double)] {
        let n = ratios.count
        let meanRatio = ratios.reduce(0, +) / Double(n)
        var sizes: [Double]
        var gapSizes: [Double]
        let avail = total - start - end
        if let space {
            let cell = avail / (Double(n) + space * Double(n - 1))
            sizes = ratios.map { cell * $0 / meanRatio }
            gapSizes = Array(repeating: space * cell, count: max(n - 1, 0))
        } else {
            let free = avail - gaps.reduce(0, +)
            sizes = ratios.map { free * $0 / (meanRatio * Double(n)) }
            gapSizes = gaps
        }
        sizes = sizes.map { max($0, 4) }
        var out: [(Double, Double)] = []
        var pos = start
        for i in 0..<n {
            out.append((pos, pos + sizes[i]))
            pos += sizes[i] + (i < n - 1 ? gapSizes[i] : 0)
        }
        return out
    }

    private func place(deco: [Insets], header: Double, footer: Double, sideLabel: Double) {
        let (w, h) = size
        let pad = style.figurePad
        var left = 0.0
        var right = 0.0
        var top = 0.0
        var bottom = 0.0
        var colGaps = [Double](repeating: 0, count: max(grid.columns - 1, 0))
        var rowGaps = [Double](repeating: 0, count: max(grid.rows - 1, 0))
        var rightOf = colGaps
        var leftOf = colGaps
        var below = rowGaps
        var above = rowGaps
        for (ax, d) in zip(allAxes, deco) {
            let s = ax.slot
            if s.column == 0 {
                left = max(left, d.left)
            } else {
                leftOf[s.column - 1] = max(leftOf[s.column - 1], d.left)
            }
            if s.lastColumn == grid.columns - 1 {
                right = max(right, d.right)
            } else {
                rightOf[s.lastColumn] = max(rightOf[s.lastColumn], d.right)
            }
            if s.row == 0 {
                top = max(top, d.top)
            } else {
                above[s.row - 1] = max(above[s.row - 1], d.top)
            }
            if s.lastRow == grid.rows - 1 {
                bottom = max(bottom, d.bottom)
            } else {
                below[s.lastRow] = max(below[s.lastRow], d.bottom)
            }
        }
        for i in colGaps.indices { colGaps[i] = rightOf[i] + leftOf[i] + gapPad }
        for i in rowGaps.indices { rowGaps[i] = below[i] + above[i] + gapPad }
        let cols = edges(
            total: w, start: pad + sideLabel + left, end: pad + right, ratios: grid.widthRatios,
            gaps: colGaps, space: grid.wspace)
        let rows = edges(
            total: h, start: pad + header + top, end: pad + footer + bottom,
            ratios: grid.heightRatios,
            gaps: rowGaps, space: grid.hspace)
        for ax in allAxes {
            let s = ax.slot
            ax.rect = Rect(
                minX: cols[s.column].0, minY: rows[s.row].0, maxX: cols[s.lastColumn].1,
                maxY: rows[s.lastRow].1)
        }
        for cb in colorbars where !cb.hosts.isEmpty {
            let union = cb.hosts.dropFirst().reduce(cb.hosts[0].rect) { $0.union($1.rect) }
            cb.axes.rect = cb.place(hostsUnion: union)
        }
    }

    /// Gives y labels of a grid column (and x labels of a grid row) a common position.
    private func alignLabels(_ canvas: Canvas) {
        for ax in allAxes {
            ax.alignedYLabelX = nil
            ax.alignedXLabelY = nil
        }
        let yCandidates = allAxes.filter { !$0.yAxis.opposite && $0.yAxis.label != nil }
        for column in Set(yCandidates.map(\.slot.column)) {
            let members = yCandidates.filter { $0.slot.column == column }
            let xs = members.compactMap { $0.naturalYLabelX(canvas) }
            guard members.count > 1, let m = xs.min() else { continue }
            for ax in members { ax.alignedYLabelX = m }
        }
        let xCandidates = allAxes.filter { !$0.xAxis.opposite && $0.xAxis.label != nil }
        for row in Set(xCandidates.map(\.slot.lastRow)) {
            let members = xCandidates.filter { $0.slot.lastRow == row }
            let ys = members.compactMap { $0.naturalXLabelY(canvas) }
            guard members.count > 1, let m = ys.max() else { continue }
            for ax in members { ax.alignedXLabelY = m }
        }
    }

    // MARK: figure-level texts

    private func titleText(_ canvas: Canvas) -> PlacedText? {
        guard let suptitle, !suptitle.isEmpty else { return nil }
        return PlacedText(
            block: TextBlock(
                suptitle, size: style.suptitleSize, family: style.suptitleFamily,
                weight: style.suptitleWeight, canvas: canvas),
            x: size.0 / 2, y: style.figurePad, ha: .center, va: .top, rotation: 0,
            color: style.suptitleColor, kind: .figureTitle)
    }

    private func legendBox(_ canvas: Canvas) -> LegendBox? {
        guard let figureLegend else { return nil }
        var seen: Set<String> = []
        let all =
            figureLegend.artists.map(Axes.legendEntries)
            ?? (figureLegend.axes ?? allAxes).flatMap(\.legendEntries)
        let entries = all.filter { seen.insert($0.0).inserted }
        return LegendBox(entries: entries, spec: figureLegend.spec, style: style, canvas: canvas)
    }

    private func headerHeight(_ canvas: Canvas) -> Double {
        var h = 0.0
        if let t = titleText(canvas) { h += t.bounds.height + 6 }
        if let l = legendBox(canvas) { h += l.size.height + 4 }
        return h
    }

    private func footerHeight(_ canvas: Canvas) -> Double {
        guard let supxlabel, !supxlabel.isEmpty else { return 0 }
        return TextBlock(supxlabel, size: style.labelSize, family: style.family, canvas: canvas)
            .height + style.labelPad
    }

    private func sideLabelWidth(_ canvas: Canvas) -> Double {
        guard let supylabel, !supylabel.isEmpty else { return 0 }
        return TextBlock(supylabel, size: style.labelSize, family: style.family, canvas: canvas)
            .height + style.labelPad
    }

    /// Figure title and super labels, placed for the current layout.
    func figureTexts(_ canvas: Canvas) -> [PlacedText] {
        var out: [PlacedText] = []
        if let t = titleText(canvas) { out.append(t) }
        let gridRect = allAxes.dropFirst().reduce(
            allAxes.first?.rect ?? Rect(x: 0, y: 0, width: size.0, height: size.1)
        ) { $0.union($1.rect) }
        if let supxlabel, !supxlabel.isEmpty {
            out.append(
                PlacedText(
                    block: TextBlock(
                        supxlabel, size: style.labelSize, family: style.family, canvas: canvas),
                    x: gridRect.midX, y: size.1 - style.figurePad, ha: .center, va: .bottom,
                    rotation: 0,
                    color: style.textColor, kind: .axisLabel))
        }
        if let supylabel, !supylabel.isEmpty {
            out.append(
                PlacedText(
                    block: TextBlock(
                        supylabel, size: style.labelSize, family: style.family, canvas: canvas),
                    x: style.figurePad, y: gridRect.midY, ha: .center, va: .top, rotation: 90,
                    color: style.textColor, kind: .axisLabel))
        }
        return out
    }

    /// Every text of the laid-out figure (for layout checks).
    func allTexts(_ canvas: Canvas) -> [PlacedText] {
        figureTexts(canvas) + (allAxes + colorbars.map(\.axes)).flatMap { $0.decorations(canvas) }
    }

    /// Draws the laid-out figure.
    func draw(_ canvas: Canvas) {
        if let background {
            canvas.fill(Rect(x: 0, y: 0, width: size.0, height: size.1), background)
        }
        for ax in allAxes { ax.draw(canvas, figureSize: size) }
        for cb in colorbars { cb.axes.draw(canvas, figureSize: size) }
        for t in figureTexts(canvas) { t.draw(canvas) }
        if let legend = legendBox(canvas) {
            let y = (titleText(canvas).map { $0.bounds.maxY + 6 } ?? style.figurePad)
            legend.draw(at: (size.0 - legend.size.width) / 2, y, canvas: canvas)
        }
    }
}
