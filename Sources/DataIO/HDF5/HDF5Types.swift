internal import CHDF5
internal import CHDF5Shim

/// The element type of an HDF5 dataset or attribute, as stored in the file.
package enum HDF5DataType: Sendable, Equatable, CustomStringConvertible {
    /// IEEE floating point of the given width (32 or 64).
    case float(bits: Int)
    /// Integer of the given width and signedness.
    case integer(bits: Int, signed: Bool)
    /// Text; `variableLength` strings are what h5py writes for Python `str`.
    case string(variableLength: Bool)
    /// Anything else (compound, enum, array, ...), described by its HDF5 class.
    case other(String)

    public var description: String {
        switch self {
        case .float(let bits): return "float\(bits)"
        case .integer(let bits, let signed): return (signed ? "int" : "uint") + "\(bits)"
        case .string(let variable):
            return variable ? "string (variable length)" : "string (fixed length)"
        case .other(let name): return name
        }
    }

    /// Describes an open HDF5 datatype.
    init(typeID: hid_t) {
        let cls = H5Tget_class(typeID)
        let bits = Int(H5Tget_size(typeID)) * 8
        if cls == H5T_FLOAT {
            self = .float(bits: bits)
        } else if cls == H5T_INTEGER {
            self = .integer(bits: bits, signed: H5Tget_sign(typeID) != H5T_SGN_NONE)
        } else if cls == H5T_STRING {
            self = .string(variableLength: H5Tis_variable_str(typeID) > 0)
        } else if cls == H5T_COMPOUND {
            self = .other("compound")
        } else if cls == H5T_ENUM {
            self = .other("enum")
        } else if cls == H5T_ARRAY {
            self = .other("array")
        } else if cls == H5T_VLEN {
            self = .other("variable-length sequence")
        } else {
            self = .other("HDF5 class \(cls.rawValue)")
        }
    }

    var isNumeric: Bool {
        switch self {
        case .float, .integer: return true
        default: return false
        }
    }
}

/// The in-memory element kinds the HDF5 reader and writer handle.
package enum HDF5ElementKind: Sendable, Equatable, CustomStringConvertible {
    case float32, float64, int32, int64

    public var description: String {
        switch self {
        case .float32: return "float32"
        case .float64: return "float64"
        case .int32: return "int32"
        case .int64: return "int64"
        }
    }

    /// HDF5's native type for this kind (owned by the library; never close it).
    var nativeType: hid_t {
        switch self {
        case .float32: return hmf_h5t_native_float()
        case .float64: return hmf_h5t_native_double()
        case .int32: return hmf_h5t_native_int32()
        case .int64: return hmf_h5t_native_int64()
        }
    }

    /// Whether data stored as `stored` may be read into this kind. Floating kinds accept any
    /// number (HDF5 converts); integer kinds accept only integers, so nothing is silently truncated.
    func canRead(_ stored: HDF5DataType) -> Bool {
        switch (self, stored) {
        case (.float32, .float), (.float32, .integer), (.float64, .float), (.float64, .integer):
            return true
        case (.int64, .integer): return true
        case (.int32, .integer(let bits, _)): return bits <= 32
        default: return false
        }
    }
}

/// A Swift type that HDF5 datasets and attributes can be read into and written from.
package protocol HDF5Element: Sendable, BitwiseCopyable {
    /// The matching element kind.
    static var hdf5Kind: HDF5ElementKind { get }
}

extension Float: HDF5Element { package static var hdf5Kind: HDF5ElementKind { .float32 } }
extension Double: HDF5Element { package static var hdf5Kind: HDF5ElementKind { .float64 } }
extension Int32: HDF5Element { package static var hdf5Kind: HDF5ElementKind { .int32 } }
extension Int64: HDF5Element { package static var hdf5Kind: HDF5ElementKind { .int64 } }

/// Name, shape and element type of a dataset, as listed by `HDF5File.datasets()`.
package struct HDF5DatasetInfo: Sendable, Equatable {
    /// Path from the root, without a leading slash (`"flux"`, `"trace/loss"`).
    public var name: String
    /// Extent of each dimension (empty for a scalar dataset).
    public var shape: [Int]
    /// Element type as stored.
    public var type: HDF5DataType
}
