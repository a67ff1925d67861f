import SwiftSyntax

/// Walks a cell and collects the names it uses, the members its types and extensions declare, its local
/// bindings and the roots of what it assigns.
///
/// Uses are read from the nodes that refer to a declaration: identifiers, member accesses, types, operators,
/// key-path components, macros, precedence groups, captures and `if let x` shorthands. Labels and declared
/// names are not uses. A closure's or function's parameters hide a top-level name of the same spelling inside
/// its body; nothing else is taken to hide one (a local `let n` still counts `n` as used: an over-approximation).
final class UseCollector: SyntaxVisitor {
    private(set) var mentions: Set<String> = []
    private(set) var memberMentions: Set<String> = []
    private(set) var members: Set<String> = []
    private(set) var staticStored: Set<String> = []
    private(set) var locals: Set<String> = []
    private(set) var assignedRoots: Set<String> = []
    private(set) var processStateCalls: [String] = []
    private(set) var extensions: [CellAnalysis.Extension] = []
    private(set) var stringLiterals: Set<String> = []
    /// Parameter names in scope, innermost last.
    private var hidden: [Set<String>] = []

    private func use(_ token: TokenSyntax, hideable: Bool = true, member: Bool = false) {
        let name = Self.plain(token.text)
        guard !name.isEmpty, !name.hasPrefix("$") else { return }
        if case .keyword = token.tokenKind { return }
        if member {
            memberMentions.insert(name)
            return
        }
        if hideable, hidden.contains(where: { $0.contains(name) }) { return }
        mentions.insert(name)
    }

    /// The identifier without backticks.
    static func plain(_ text: String) -> String {
        guard text.count >= 2, text.first == "`", text.last == "`" else { return text }
        return String(text.dropFirst().dropLast())
    }

    // MARK: References

    override func visit(_ node: DeclReferenceExprSyntax) -> SyntaxVisitorContinueKind {
        let isMember =
            node.parent?.as(MemberAccessExprSyntax.self)?.declName.id == node.id
            || node.parent?.is(KeyPathPropertyComponentSyntax.self) == true
        use(node.baseName, member: isMember)
        return .skipChildren
    }

    override func visit(_ node: IdentifierTypeSyntax) -> SyntaxVisitorContinueKind {
        use(node.name, hideable: false)
        return .visitChildren
    }

    override func visit(_ node: MemberTypeSyntax) -> SyntaxVisitorContinueKind {
        use(node.name, member: true)
        return .visitChildren
    }

    override func visit(_ node: BinaryOperatorExprSyntax) -> SyntaxVisitorContinueKind {
        use(node.operator, hideable: false)
        return .skipChildren
    }

    override func visit(_ node: PrefixOperatorExprSyntax) -> SyntaxVisitorContinueKind {
        use(node.operator, hideable: false)
        return .visitChildren
    }

    override func visit(_ node: PostfixOperatorExprSyntax) -> SyntaxVisitorContinueKind {
        use(node.operator, hideable: false)
        return .visitChildren
    }

    override func visit(_ node: MacroExpansionExprSyntax) -> SyntaxVisitorContinueKind {
        use(node.macroName, hideable: false)
        return .visitChildren
    }

    override func visit(_ node: MacroExpansionDeclSyntax) -> SyntaxVisitorContinueKind {
        use(node.macroName, hideable: false)
        return .visitChildren
    }

    override func visit(_ node: OperatorPrecedenceAndTypesSyntax) -> SyntaxVisitorContinueKind {
        use(node.precedenceGroup, hideable: false)
        return .visitChildren
    }

    override func visit(_ node: PrecedenceGroupNameSyntax) -> SyntaxVisitorContinueKind {
        use(node.name, hideable: false)
        return .skipChildren
    }

    /// `if let x {` refers to the outer `x` and binds a local one.
    override func visit(_ node: OptionalBindingConditionSyntax) -> SyntaxVisitorContinueKind {
        if node.initializer == nil {
            for name in TopLevelScan.boundNames(node.pattern) { mentions.insert(name) }
        }
        return .visitChildren
    }

    // MARK: Scopes

    override func visit(_ node: ClosureExprSyntax) -> SyntaxVisitorContinueKind {
        var parameters: Set<String> = []
        if let signature = node.signature {
            for capture in signature.capture?.items ?? [] {
                // `[x]` refers to the outer `x`; `[y = expr]` to what `expr` names.
                if capture.initializer == nil { use(capture.name) }
                parameters.insert(Self.plain(capture.name.text))
            }
            switch signature.parameterClause {
            case .simpleInput(let list)?:
                for p in list { parameters.insert(Self.plain(p.name.text)) }
            case .parameterClause(let clause)?:
                for p in clause.parameters {
                    parameters.insert(Self.plain((p.secondName ?? p.firstName).text))
                }
            case nil: break
            }
            walk(signature)
        }
        return scoped(parameters, node.statements)
    }

    override func visit(_ node: ClosureCaptureSyntax) -> SyntaxVisitorContinueKind {
        // The capture's own name is handled by the closure; only an initializer expression is walked.
        if let initializer = node.initializer { walk(initializer) }
        return .skipChildren
    }

    override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind {
        declareNested(node, name: node.name.text, isStatic: false, isStored: false)
        walkHeader(node.attributes, node.genericParameterClause, node.genericWhereClause)
        walk(node.signature)
        return scoped(Self.parameterNames(node.signature.parameterClause), node.body)
    }

    override func visit(_ node: InitializerDeclSyntax) -> SyntaxVisitorContinueKind {
        walkHeader(node.attributes, node.genericParameterClause, node.genericWhereClause)
        walk(node.signature)
        return scoped(Self.parameterNames(node.signature.parameterClause), node.body)
    }

    override func visit(_ node: SubscriptDeclSyntax) -> SyntaxVisitorContinueKind {
        walkHeader(node.attributes, node.genericParameterClause, node.genericWhereClause)
        walk(node.parameterClause)
        walk(node.returnClause)
        return scoped(Self.parameterNames(node.parameterClause), node.accessorBlock)
    }

    override func visit(_ node: AccessorDeclSyntax) -> SyntaxVisitorContinueKind {
        let parameter = node.parameters.map { [Self.plain($0.name.text)] } ?? []
        walk(node.attributes)
        return scoped(Set(parameter), node.body)
    }

    private func walkHeader(
        _ attributes: AttributeListSyntax, _ generics: GenericParameterClauseSyntax?,
        _ whereClause: GenericWhereClauseSyntax?
    ) {
        walk(attributes)
        if let generics { walk(generics) }
        if let whereClause { walk(whereClause) }
    }

    private func scoped(_ parameters: Set<String>, _ body: (some SyntaxProtocol)?)
        -> SyntaxVisitorContinueKind
    {
        locals.formUnion(parameters)
        hidden.append(parameters)
        if let body { walk(body) }
        hidden.removeLast()
        return .skipChildren
    }

    private static func parameterNames(_ clause: FunctionParameterClauseSyntax) -> Set<String> {
        Set(
            clause.parameters.map { plain(($0.secondName ?? $0.firstName).text) }.filter {
                $0 != "_"
            })
    }

    // MARK: Declarations inside the cell

    override func visit(_ node: VariableDeclSyntax) -> SyntaxVisitorContinueKind {
        let names = node.bindings.flatMap { TopLevelScan.boundNames($0.pattern) }
        let isStatic = node.modifiers.contains {
            [.keyword(.static), .keyword(.class)].contains($0.name.tokenKind)
        }
        let isStored = node.bindings.allSatisfy { binding in
            guard let accessors = binding.accessorBlock else { return true }
            // Observers (`willSet`, `didSet`) keep the property stored.
            guard case .accessors(let list) = accessors.accessors else { return false }
            return list.allSatisfy {
                [.keyword(.willSet), .keyword(.didSet)].contains($0.accessorSpecifier.tokenKind)
            }
        }
        for name in names {
            declareNested(node, name: name, isStatic: isStatic, isStored: isStored)
        }
        return .visitChildren
    }

    override func visit(_ node: EnumCaseElementSyntax) -> SyntaxVisitorContinueKind {
        members.insert(Self.plain(node.name.text))
        return .visitChildren
    }

    override func visit(_ node: StructDeclSyntax) -> SyntaxVisitorContinueKind {
        nestedType(node, node.name)
    }
    override func visit(_ node: ClassDeclSyntax) -> SyntaxVisitorContinueKind {
        nestedType(node, node.name)
    }
    override func visit(_ node: EnumDeclSyntax) -> SyntaxVisitorContinueKind {
        nestedType(node, node.name)
    }
    override func visit(_ node: ActorDeclSyntax) -> SyntaxVisitorContinueKind {
        nestedType(node, node.name)
    }
    override func visit(_ node: TypeAliasDeclSyntax) -> SyntaxVisitorContinueKind {
        nestedType(node, node.name)
    }
    override func visit(_ node: AssociatedTypeDeclSyntax) -> SyntaxVisitorContinueKind {
        nestedType(node, node.name)
    }

    override func visit(_ node: ExtensionDeclSyntax) -> SyntaxVisitorContinueKind {
        extensions.append(
            .init(
                typeName: Self.rootName(node.extendedType),
                addsConformances: node.inheritanceClause != nil))
        return .visitChildren
    }

    override func visit(_ node: IdentifierPatternSyntax) -> SyntaxVisitorContinueKind {
        if !isTopLevelOrMember(node) { locals.insert(Self.plain(node.identifier.text)) }
        return .skipChildren
    }

    private func nestedType(_ node: some SyntaxProtocol, _ name: TokenSyntax)
        -> SyntaxVisitorContinueKind
    {
        declareNested(node, name: name.text, isStatic: false, isStored: false)
        return .visitChildren
    }

    /// Records a declaration inside a type or extension as a member, and one in a body as a local.
    private func declareNested(
        _ node: some SyntaxProtocol, name: String, isStatic: Bool, isStored: Bool
    ) {
        let name = Self.plain(name)
        if Self.isMember(node) {
            members.insert(name)
            if isStatic && isStored { staticStored.insert(name) }
        } else if !Self.isTopLevel(node) {
            locals.insert(name)
        }
    }

    private func isTopLevelOrMember(_ pattern: IdentifierPatternSyntax) -> Bool {
        var node: Syntax? = Syntax(pattern)
        while let n = node, !n.is(VariableDeclSyntax.self) {
            if n.is(CodeBlockItemSyntax.self) || n.is(MemberBlockItemSyntax.self) { return false }
            node = n.parent
        }
        guard let decl = node else { return false }
        return Self.isTopLevel(decl) || Self.isMember(decl)
    }

    /// A declaration directly in the cell (not in a body or a type).
    static func isTopLevel(_ node: some SyntaxProtocol) -> Bool {
        node.parent?.is(CodeBlockItemSyntax.self) == true
            && node.parent?.parent?.parent?.is(SourceFileSyntax.self) == true
    }

    /// A declaration directly in a type's or extension's member block.
    static func isMember(_ node: some SyntaxProtocol) -> Bool {
        node.parent?.is(MemberBlockItemSyntax.self) == true
    }

    /// `Array` for `Array<Int>`, `Outer` for `Outer.Inner`, `P` for `any P`.
    static func rootName(_ type: TypeSyntax) -> String {
        if let identifier = type.as(IdentifierTypeSyntax.self) {
            return plain(identifier.name.text)
        }
        if let member = type.as(MemberTypeSyntax.self) { return rootName(member.baseType) }
        if let some = type.as(SomeOrAnyTypeSyntax.self) { return rootName(some.constraint) }
        return type.trimmedDescription
    }

    override func visit(_ node: StringSegmentSyntax) -> SyntaxVisitorContinueKind {
        if !node.content.text.isEmpty { stringLiterals.insert(node.content.text) }
        return .skipChildren
    }

    // MARK: Writes

    override func visit(_ node: SequenceExprSyntax) -> SyntaxVisitorContinueKind {
        let elements = Array(node.elements)
        for (i, element) in elements.enumerated() where i > 0 && Self.isAssignment(element) {
            if let root = Self.root(of: elements[i - 1]) { assignedRoots.insert(root) }
        }
        return .visitChildren
    }

    override func visit(_ node: InOutExprSyntax) -> SyntaxVisitorContinueKind {
        if let root = Self.root(of: node.expression) { assignedRoots.insert(root) }
        return .visitChildren
    }

    override func visit(_ node: FunctionCallExprSyntax) -> SyntaxVisitorContinueKind {
        let called: TokenSyntax? =
            node.calledExpression.as(DeclReferenceExprSyntax.self)?.baseName
            ?? node.calledExpression.as(MemberAccessExprSyntax.self)?.declName.baseName
        if let called, ProcessState.changingFunctions.contains(Self.plain(called.text)) {
            processStateCalls.append(node.calledExpression.trimmedDescription)
        }
        return .visitChildren
    }

    /// `=` and compound assignments such as `+=` (not comparisons).
    static func isAssignment(_ element: ExprSyntax) -> Bool {
        if element.is(AssignmentExprSyntax.self) { return true }
        guard let op = element.as(BinaryOperatorExprSyntax.self)?.operator.text else {
            return false
        }
        return op.hasSuffix("=") && !["==", "!=", "<=", ">=", "===", "!=="].contains(op)
    }

    /// The name at the root of an assigned expression: `x` in `x.a[i]!`.
    static func root(of expression: ExprSyntax) -> String? {
        var e = expression
        while true {
            if let r = e.as(DeclReferenceExprSyntax.self) { return plain(r.baseName.text) }
            if let m = e.as(MemberAccessExprSyntax.self) {
                guard let base = m.base else { return nil }
                e = base
            } else if let s = e.as(SubscriptCallExprSyntax.self) {
                e = s.calledExpression
            } else if let f = e.as(ForceUnwrapExprSyntax.self) {
                e = f.expression
            } else if let o = e.as(OptionalChainingExprSyntax.self) {
                e = o.expression
            } else if let c = e.as(FunctionCallExprSyntax.self) {
                e = c.calledExpression
            } else if let t = e.as(TupleExprSyntax.self), t.elements.count == 1,
                let only = t.elements.first
            {
                e = only.expression
            } else {
                return nil
            }
        }
    }
}

/// Functions that change the state of the whole process (working directory, environment, locale, random seed).
/// A cell that calls one is taken to affect every cell after it.
package enum ProcessState {
    package static let changingFunctions: Set<String> = [
        "chdir", "fchdir", "changeCurrentDirectoryPath", "setenv", "unsetenv", "putenv", "clearenv",
        "setlocale",
        "srand", "srandom", "srand48", "umask", "signal", "setrlimit", "openblas_set_num_threads",
    ]
}
