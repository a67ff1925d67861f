/// What one cell declares and uses, read from its code with swift-syntax: the facts the cell graph is built from.
///
/// Names are compared as text. A name counts as used wherever the cell refers to it (an identifier, a type, an
/// operator; after a dot, as a member), except inside a closure or function whose parameter of the same name
/// hides it; every other shadowing (a local `let` with a top-level name) is over-approximated and counts as a use.
package struct CellAnalysis: Sendable, Equatable {
    /// Top-level `let` and `var` names, in order.
    package var values: [String] = []
    /// Those of `values` declared with `var`.
    package var variables: Set<String> = []
    /// Top-level functions (operators included).
    package var functions: Set<String> = []
    /// Top-level types, protocols and type aliases.
    package var types: Set<String> = []
    /// Operator and precedence-group declarations.
    package var operators: Set<String> = []
    /// Names declared inside the cell's types and extensions: methods, properties, cases, nested types.
    package var members: Set<String> = []
    /// Static stored properties of the cell's types and extensions: state other cells can change.
    package var staticStored: Set<String> = []
    /// The cell's extensions, by the name of the type or protocol they extend.
    package var extensions: [Extension] = []
    /// Names the cell uses on their own (`x`, `f(1)`, `T`, `**`): these can name top-level declarations.
    package var mentions: Set<String> = []
    /// Names the cell uses after a dot (`a.rows`, `.case`, `\.key`, `Outer.Inner`): these can only name members.
    package var memberMentions: Set<String> = []
    /// Names bound locally anywhere in the cell (parameters, local bindings, loop and pattern variables).
    package var locals: Set<String> = []
    /// Roots of assignments, `inout` arguments and compound assignments (`x` in `x.a[i] += 1`).
    package var assignedRoots: Set<String> = []
    /// Calls the cell makes that change the process (`chdir`, `setenv`, ...), as written.
    package var processStateCalls: [String] = []
    /// `import` declarations, as written.
    package var imports: [String] = []
    /// The text of the cell's string literals (without interpolations), where file names show.
    package var stringLiterals: Set<String> = []
    /// Whether the parser found errors: such a cell is taken to depend on every cell before it.
    package var hasSyntaxErrors = false
    /// The cell's top-level items in order, for the code generator.
    package var items: [TopLevelItem] = []

    /// An `extension` of the cell.
    package struct Extension: Sendable, Equatable {
        /// The first name of the extended type (`Array` for `Array<Int>`, `Outer` for `Outer.Inner`).
        package var typeName: String
        /// Whether it adds conformances.
        package var addsConformances: Bool
    }

    /// Everything the cell declares at the top level.
    package var topLevel: Set<String> { Set(values).union(functions).union(types).union(operators) }

    /// Every name the cell uses, on its own or after a dot.
    package var allMentions: Set<String> { mentions.union(memberMentions) }

    package init() {}
}

/// One top-level item of a cell: a variable binding, another declaration, an import or a statement.
package struct TopLevelItem: Sendable, Equatable {
    /// What the item is.
    package enum Kind: Sendable, Equatable {
        /// `let`/`var` with one or more stored bindings.
        case binding(Binding)
        /// A function, type, extension, operator, precedence group or computed top-level variable.
        case declaration
        /// An `import`.
        case importDeclaration
        /// A statement or expression.
        case statement
    }

    /// A stored `let`/`var` declaration.
    package struct Binding: Sendable, Equatable {
        /// `var` rather than `let`.
        package var isVariable: Bool
        /// The names bound, in order (a tuple pattern binds several).
        package var names: [String]
        /// The written type of each name (nil where it is inferred).
        package var annotations: [String: String]
        /// Whether every binding has an initial value.
        package var isInitialized: Bool
    }

    package var kind: Kind
    /// UTF-8 offsets of the item's text in the cell source (leading trivia excluded).
    package var start: Int
    package var end: Int
    /// 1-based line and column of the item's first character within the cell.
    package var line: Int
    package var column: Int
    /// Whether the item is an expression whose value could be shown (not an assignment).
    package var isExpression = false
}
