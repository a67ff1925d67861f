import SwiftParser
import SwiftSyntax

/// Makes the members of a conformance extension public. A cell module sees the types of other cells through
/// `@testable import`, which makes them public there, and a public type's conformance to a package protocol needs
/// public witnesses (`extension T: CustomStringConvertible { var description ... }` compiles as one notebook
/// file, not as a module of its own). Members with an access modifier keep it; the inserted word shifts the
/// columns of those lines only.
enum ConformanceWitnesses {
    /// `text` (one top-level declaration) with `public ` before each member of its conformance extensions that
    /// has no access modifier.
    static func publishing(_ text: String) -> String {
        let tree = Parser.parse(source: text)
        var offsets: [Int] = []
        for statement in tree.statements {
            guard case .decl(let decl) = statement.item,
                let ext = decl.as(ExtensionDeclSyntax.self),
                ext.inheritanceClause != nil
            else { continue }
            for member in ext.memberBlock.members where needsAccess(member.decl) {
                offsets.append(
                    member.decl.positionAfterSkippingLeadingTrivia.utf8Offset
                        + accessInsertion(member.decl))
            }
        }
        guard !offsets.isEmpty else { return text }
        var bytes = Array(text.utf8)
        for offset in offsets.sorted(by: >) {
            bytes.insert(contentsOf: Array("public ".utf8), at: offset)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let accessKeywords: Set<Keyword> = [
        .private, .fileprivate, .internal, .public, .open, .package,
    ]

    private static func needsAccess(_ decl: DeclSyntax) -> Bool {
        guard let modifiers = decl.asProtocol(WithModifiersSyntax.self)?.modifiers else {
            return false
        }
        if decl.is(EnumCaseDeclSyntax.self) || decl.is(DeinitializerDeclSyntax.self)
            || decl.is(IfConfigDeclSyntax.self)
        {
            return false
        }
        return !modifiers.contains { m in
            if case .keyword(let k) = m.name.tokenKind { return accessKeywords.contains(k) }
            return false
        }
    }

    /// Where the word goes: after the attributes, before the other modifiers.
    private static func accessInsertion(_ decl: DeclSyntax) -> Int {
        guard let attributed = decl.asProtocol(WithAttributesSyntax.self),
            !attributed.attributes.isEmpty
        else { return 0 }
        return attributed.attributes.endPositionBeforeTrailingTrivia.utf8Offset
            - decl.positionAfterSkippingLeadingTrivia.utf8Offset + 1
    }
}
