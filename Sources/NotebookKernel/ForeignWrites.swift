import Foundation

/// Which values of other cells a compiled cell assigns or changes in place: the cell library's undefined
/// symbols name the setters and `modify` accessors it calls (`C0123.x.modify`). Only the compiler knows a
/// mutating call from a reading one (`grid.append(s)` against `grid.first`), so the kernel reads its answer.
enum ForeignWrites {
    /// `module.name` of each value of `modules` that the library at `path` writes.
    static func of(library path: String, modules: Set<String>) -> [String] {
        var out = Set<String>()
        for symbol in ELFSymbols.undefined(path) where symbol.hasPrefix("$s") {
            guard let text = demangle(symbol), let colon = text.range(of: " : ") else { continue }
            let parts = text[..<colon.lowerBound].split(separator: ".")
            guard parts.count == 3, modules.contains(String(parts[0])),
                ["setter", "modify"].contains(parts[2])
            else { continue }
            out.insert("\(parts[0]).\(parts[1])")
        }
        return out.sorted()
    }

    /// The Swift runtime's demangling of `symbol` ("Module.name.modify : Type").
    static func demangle(_ symbol: String) -> String? {
        symbol.withCString { name in
            guard let text = swiftDemangle(name, strlen(name), nil, nil, 0) else { return nil }
            defer { free(text) }
            return String(cString: text)
        }
    }
}

@_silgen_name("swift_demangle")
private func swiftDemangle(
    _ mangled: UnsafePointer<CChar>?, _ length: Int, _ buffer: UnsafeMutablePointer<CChar>?,
    _ bufferSize: UnsafeMutablePointer<Int>?, _ flags: UInt32
) -> UnsafeMutablePointer<CChar>?

/// Reads the undefined symbols of a 64-bit little-endian ELF shared library's dynamic symbol table.
enum ELFSymbols {
    static func undefined(_ path: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: path), data.count > 64 else {
            return []
        }
        return data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [String] in
            func read<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T? {
                guard offset >= 0, offset + MemoryLayout<T>.size <= raw.count else { return nil }
                return T(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: T.self))
            }
            guard raw[0] == 0x7F, raw[1] == 0x45, raw[2] == 0x4C, raw[3] == 0x46, raw[4] == 2,
                raw[5] == 1,
                let sectionTable = read(0x28, UInt64.self), let entrySize = read(0x3A, UInt16.self),
                let count = read(0x3C, UInt16.self)
            else { return [] }
            func section(_ i: Int) -> (
                type: UInt32, link: UInt32, offset: Int, size: Int, entry: Int
            )? {
                let base = Int(sectionTable) + i * Int(entrySize)
                guard let type = read(base + 4, UInt32.self),
                    let link = read(base + 0x28, UInt32.self),
                    let offset = read(base + 0x18, UInt64.self),
                    let size = read(base + 0x20, UInt64.self),
                    let entry = read(base + 0x38, UInt64.self)
                else { return nil }
                return (type, link, Int(offset), Int(size), Int(entry))
            }
            var names: [String] = []
            for i in 0..<Int(count) {
                // SHT_DYNSYM
                guard let symbols = section(i), symbols.type == 11, symbols.entry >= 24,
                    let strings = section(Int(symbols.link))
                else { continue }
                for s in stride(
                    from: symbols.offset, to: symbols.offset + symbols.size, by: symbols.entry)
                {
                    guard let nameOffset = read(s, UInt32.self),
                        let sectionIndex = read(s + 6, UInt16.self),
                        sectionIndex == 0, nameOffset > 0
                    else { continue }
                    let start = strings.offset + Int(nameOffset)
                    guard start < raw.count, start < strings.offset + strings.size else { continue }
                    var end = start
                    while end < raw.count, raw[end] != 0 { end += 1 }
                    names.append(
                        String(
                            decoding: UnsafeRawBufferPointer(rebasing: raw[start..<end]),
                            as: UTF8.self))
                }
            }
            return names
        }
    }
}
