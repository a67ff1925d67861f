import SwiftParser
import SwiftSyntax

/// Reads a cell's code with the Swift parser and returns what it declares and uses (`CellAnalysis`).
package enum CellAnalyzer {
    /// The analysis of `source`, the code of one cell (or one inline expression).
    package static func analyze(_ source: String) -> CellAnalysis {
        let tree = Parser.parse(source: source)
        let converter = SourceLocationConverter(fileName: "cell", tree: tree)
        var analysis = CellAnalysis()
        analysis.hasSyntaxErrors = tree.hasError
        for statement in tree.statements {
            analysis.items.append(TopLevelScan.item(statement, converter: converter))
            TopLevelScan.declarations(of: statement, into: &analysis)
        }
        let uses = UseCollector(viewMode: .sourceAccurate)
        uses.walk(tree)
        analysis.mentions = uses.mentions
        analysis.memberMentions = uses.memberMentions
        analysis.members = uses.members
        analysis.staticStored = uses.staticStored
        analysis.locals = uses.locals
        analysis.assignedRoots = uses.assignedRoots
        analysis.processStateCalls = uses.processStateCalls
        analysis.extensions = uses.extensions
        analysis.stringLiterals = uses.stringLiterals
        return analysis
    }
}

/// The top-level items of a cell and the names they declare.
enum TopLevelScan {
    static func item(_ statement: CodeBlockItemSyntax, converter: SourceLocationConverter)
        -> TopLevelItem
    {
        let start = statement.positionAfterSkippingLeadingTrivia
        let location = converter.location(for: start)
        let end = statement.endPositionBeforeTrailingTrivia
        func make(_ kind: TopLevelItem.Kind) -> TopLevelItem {
            TopLevelItem(
                kind: kind, start: start.utf8Offset, end: end.utf8Offset, line: location.line,
                column: location.column)
        }
        switch statement.item {
        case .decl(let decl):
            if decl.is(ImportDeclSyntax.self) { return make(.importDeclaration) }
            if let variable = decl.as(VariableDeclSyntax.self),
                let binding = storedBinding(variable)
            {
                return make(.binding(binding))
            }
            // `#if` blocks and macro expansions run where they stand.
            if decl.is(IfConfigDeclSyntax.self) || decl.is(MacroExpansionDeclSyntax.self) {
                return make(.statement)
            }
            return make(.declaration)
        case .stmt:
            return make(.statement)
        case .expr(let expression):
            var item = make(.statement)
            let assigns =
                expression.as(SequenceExprSyntax.self)?.elements.contains(
                    where: UseCollector.isAssignment) ?? false
            item.isExpression = !assigns
            return item
        }
    }

    /// The binding of a stored top-level `let`/`var` (nil for computed variables, which are declarations).
    static func storedBinding(_ variable: VariableDeclSyntax) -> TopLevelItem.Binding? {
        guard variable.bindings.allSatisfy({ $0.accessorBlock == nil }) else { return nil }
        var names: [String] = []
        var annotations: [String: String] = [:]
        for binding in variable.bindings {
            let bound = boundNames(binding.pattern)
            names += bound
            if let type = binding.typeAnnotation?.type.trimmedDescription {
                if bound.count == 1, binding.pattern.is(IdentifierPatternSyntax.self) {
                    annotations[bound[0]] = type
                }
            }
        }
        let isVariable = variable.bindingSpecifier.tokenKind == .keyword(.var)
        let initialized = variable.bindings.allSatisfy { $0.initializer != nil }
        return TopLevelItem.Binding(
            isVariable: isVariable, names: names, annotations: annotations,
            isInitialized: initialized)
    }

    /// The names a pattern binds (`a`, `(a, b)`, `(a, _)`).
    static func boundNames(_ pattern: PatternSyntax) -> [String] {
        if let identifier = pattern.as(IdentifierPatternSyntax.self) {
            return [identifier.identifier.text]
        }
        if let tuple = pattern.as(TuplePatternSyntax.self) {
            return tuple.elements.flatMap { boundNames($0.pattern) }
        }
        if let binding = pattern.as(ValueBindingPatternSyntax.self) {
            return boundNames(binding.pattern)
        }
        return []
    }

    static func declarations(of statement: CodeBlockItemSyntax, into analysis: inout CellAnalysis) {
        guard case .decl(let decl) = statement.item else { return }
        if let variable = decl.as(VariableDeclSyntax.self) {
            let names = variable.bindings.flatMap { boundNames($0.pattern) }
            analysis.values += names
            if variable.bindingSpecifier.tokenKind == .keyword(.var) {
                analysis.variables.formUnion(names)
            }
        } else if let function = decl.as(FunctionDeclSyntax.self) {
            analysis.functions.insert(function.name.text)
        } else if let name = typeName(of: decl) {
            analysis.types.insert(name)
        } else if let op = decl.as(OperatorDeclSyntax.self) {
            analysis.operators.insert(op.name.text)
        } else if let group = decl.as(PrecedenceGroupDeclSyntax.self) {
            analysis.operators.insert(group.name.text)
        } else if let imported = decl.as(ImportDeclSyntax.self) {
            analysis.imports.append(imported.trimmedDescription)
        }
    }

    /// The name of a type, protocol or type-alias declaration.
    static func typeName(of decl: DeclSyntax) -> String? {
        if let d = decl.as(StructDeclSyntax.self) { return d.name.text }
        if let d = decl.as(ClassDeclSyntax.self) { return d.name.text }
        if let d = decl.as(EnumDeclSyntax.self) { return d.name.text }
        if let d = decl.as(ActorDeclSyntax.self) { return d.name.text }
        if let d = decl.as(ProtocolDeclSyntax.self) { return d.name.text }
        if let d = decl.as(TypeAliasDeclSyntax.self) { return d.name.text }
        return nil
    }
}
