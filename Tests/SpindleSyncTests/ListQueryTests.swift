import FakeDiscogs
import Foundation
import SpindleStore
import Testing

@testable import SpindleSync

@Suite("The one-line list query")
struct ListQueryTests {
    // MARK: Building expected trees

    static func c(_ field: String, _ op: ListOperator, _ value: ListValue? = nil) -> ListRule {
        .condition(ListCondition(field: field, op: op, value: value))
    }

    static func all(_ rules: ListRule...) -> ListRule { .group(.all, rules) }
    static func any(_ rules: ListRule...) -> ListRule { .group(.any, rules) }
    static func none(_ rules: ListRule...) -> ListRule { .group(.none, rules) }
    static func texts(_ values: String...) -> ListValue { .list(values.map { .text($0) }) }
    static func range(_ low: ListValue, _ high: ListValue) -> ListValue { .list([low, high]) }

    /// The rule of a query made of one term.
    func rule(_ query: String, base: ListBase = .collection) throws -> ListRule {
        try ListQuery.parse(query, base: base).rule
    }

    func failure(_ query: String, base: ListBase = .collection) -> ListQueryError? {
        do {
            _ = try ListQuery.parse(query, base: base)
            return nil
        } catch {
            return error
        }
    }

    // MARK: The issue's example

    @Test("the issue's example parses to the expected tree and options")
    func issueExample() throws {
        let definition = try ListQuery.parse(
            #"genre:Jazz style:"Hard Bop" year:1955..1965 ^format:Reissue rating:4.. added:-1y.. sort:added- limit:50"#)
        #expect(
            definition.rule
                == Self.all(
                    Self.c("genre", .hasAny, Self.texts("Jazz")),
                    Self.c("style", .hasAny, Self.texts("Hard Bop")),
                    Self.c("year", .between, Self.range(.number(1955), .number(1965))),
                    Self.none(Self.c("format", .hasAny, Self.texts("Reissue"))),
                    Self.c("rating", .greaterOrEqual, .number(4)),
                    Self.c("added", .inLast, .relative(amount: 1, unit: .years))))
        #expect(definition.sort == [ListSort(field: "added", descending: true)])
        #expect(definition.limit == 50)
        #expect(definition.base == .collection)
        #expect(definition.offset == 0 && definition.pins.isEmpty && definition.fanOut == nil)
    }

    @Test("the example from the rule model's documentation is the same tree as its JSON")
    func documentedJSON() throws {
        let json = """
            {"all": [{"field": "style", "op": "has_any", "value": ["Hard Bop"]},
                     {"field": "rating", "op": "between", "value": [4, 5]},
                     {"none": [{"field": "format_desc", "op": "has_any", "value": ["Reissue"]}]}]}
            """
        let expected = try JSONDecoder().decode(ListRule.self, from: Data(json.utf8))
        #expect(try rule(#"style:"Hard Bop" rating:4..5 ^format_desc:Reissue"#) == expected)
    }

    @Test("an empty query, or one with only options, matches everything")
    func empty() throws {
        #expect(try rule("") == .everything)
        #expect(try rule("   ") == .everything)
        #expect(
            try ListQuery.parse("sort:added- limit:5")
                == ListDefinition(sort: [.init(field: "added", descending: true)], limit: 5))
    }

    // MARK: Operators by kind

    @Test(
        "text fields: contains, is, matches, patterns, empty",
        arguments: [
            ("title:Blue", c("title", .contains, .text("Blue"))),
            (#"title:"Blue Note""#, c("title", .contains, .text("Blue Note"))),
            (#"title:="Blue Train""#, c("title", .isEqual, .text("Blue Train"))),
            ("title:=~blue", c("title", .isEqual, .text("blue"))),
            ("title:~Blue", c("title", .contains, .text("Blue"))),
            ("title::^Blue.*Train$", c("title", .matches, .text("^Blue.*Train$"))),
            ("title::Ann(a|ie)", c("title", .matches, .text("Ann(a|ie)"))),
            ("title:Blue*", c("title", .startsWith, .text("Blue"))),
            (#"title:"Blue No"*"#, c("title", .startsWith, .text("Blue No"))),
            ("title:*Train", c("title", .endsWith, .text("Train"))),
            ("title:*lue*", c("title", .contains, .text("lue"))),
            (#"title:"""#, c("title", .isEmpty)),
            ("title:*", c("title", .isNotEmpty)),
            (#"title:"*""#, c("title", .contains, .text("*"))),
            ("title:1955..1965", c("title", .contains, .text("1955..1965"))),
            ("country:UK", c("country", .contains, .text("UK"))),
            ("folder:Jazz", c("folder", .contains, .text("Jazz"))),
        ])
    func text(query: String, expected: ListRule) throws {
        #expect(try rule(query) == Self.all(expected))
    }

    @Test(
        "multi-value fields: has any (|), has all (+), and text operators on some value",
        arguments: [
            ("genre:Jazz", c("genre", .hasAny, texts("Jazz"))),
            ("genre:Jazz|Blues", c("genre", .hasAny, texts("Jazz", "Blues"))),
            ("genre:Jazz+Blues", c("genre", .hasAll, texts("Jazz", "Blues"))),
            (#"style:"Hard Bop"|"Post Bop""#, c("style", .hasAny, texts("Hard Bop", "Post Bop"))),
            (#"artist:"Florence + The Machine""#, c("artist", .hasAny, texts("Florence + The Machine"))),
            (#"label:"Blue Note"+Impulse!"#, c("label", .hasAll, texts("Blue Note", "Impulse!"))),
            ("genre:=Jazz", c("genre", .isEqual, .text("Jazz"))),
            ("artist:~miles", c("artist", .contains, .text("miles"))),
            ("artist::^Miles", c("artist", .matches, .text("^Miles"))),
            ("catno:BLP*", c("catno", .startsWith, .text("BLP"))),
            ("format_desc:*Press", c("format_desc", .endsWith, .text("Press"))),
            (#"genre:"""#, c("genre", .isEmpty)),
            ("genre:*", c("genre", .isNotEmpty)),
            ("desc:Reissue", c("format_desc", .hasAny, texts("Reissue"))),
        ])
    func multi(query: String, expected: ListRule) throws {
        #expect(try rule(query) == Self.all(expected))
    }

    @Test(
        "number fields: equal, ranges, open ranges, comparisons, empty",
        arguments: [
            ("rating:4", c("rating", .equals, .number(4))),
            ("rating:=4", c("rating", .equals, .number(4))),
            ("year:1955..1965", c("year", .between, range(.number(1955), .number(1965)))),
            ("rating:4..", c("rating", .greaterOrEqual, .number(4))),
            ("year:..1969", c("year", .lessOrEqual, .number(1969))),
            ("rating:>3", c("rating", .greater, .number(3))),
            ("rating:<3", c("rating", .less, .number(3))),
            ("rating:>=3", c("rating", .greaterOrEqual, .number(3))),
            ("rating:<=3", c("rating", .lessOrEqual, .number(3))),
            ("price:..20.5", c("price", .lessOrEqual, .number(20.5))),
            ("community_rating:4.25..4.75", c("community_rating", .between, range(.number(4.25), .number(4.75)))),
            ("lowest_price:<10", c("price", .less, .number(10))),
            ("instance_count:2..", c("copies", .greaterOrEqual, .number(2))),
            (#"master_year:"""#, c("master_year", .isEmpty)),
            ("master_year:*", c("master_year", .isNotEmpty)),
        ])
    func number(query: String, expected: ListRule) throws {
        #expect(try rule(query) == Self.all(expected))
    }

    @Test(
        "date fields: days, months and years as periods, ranges, relative dates",
        arguments: [
            ("added:2020-05-01", c("added", .on, .text("2020-05-01"))),
            ("added:2020", c("added", .between, range(.text("2020-01-01"), .text("2020-12-31")))),
            ("added:2020-05", c("added", .between, range(.text("2020-05-01"), .text("2020-05-31")))),
            ("added:2024-02", c("added", .between, range(.text("2024-02-01"), .text("2024-02-29")))),
            ("added:2019..2021", c("added", .between, range(.text("2019-01-01"), .text("2021-12-31")))),
            ("added:2008-12..2009-10-11", c("added", .between, range(.text("2008-12-01"), .text("2009-10-11")))),
            ("added:2019..", c("added", .between, range(.text("2019-01-01"), .null))),
            ("added:..2021-06", c("added", .between, range(.null, .text("2021-06-30")))),
            ("added:-90d..", c("added", .inLast, .relative(amount: 90, unit: .days))),
            ("added:-6w..", c("added", .inLast, .relative(amount: 6, unit: .weeks))),
            ("added:-3m..", c("added", .inLast, .relative(amount: 3, unit: .months))),
            ("added:..-1y", c("added", .before, .relative(amount: 1, unit: .years))),
            (
                "added:-6w..-4w",
                c("added", .between, range(.relative(amount: 6, unit: .weeks), .relative(amount: 4, unit: .weeks)))
            ),
            ("added:2020..-1y", c("added", .between, range(.text("2020-01-01"), .relative(amount: 1, unit: .years)))),
            ("added:+4d..", c("added", .inLast, .relative(amount: -4, unit: .days))),
            ("added:>2020", c("added", .after, .text("2020-12-31"))),
            ("added:<2020-05", c("added", .before, .text("2020-05-01"))),
            ("added:>-30d", c("added", .after, .relative(amount: 30, unit: .days))),
            ("date_added:-1w..", c("added", .inLast, .relative(amount: 1, unit: .weeks))),
            (#"added:"""#, c("added", .isEmpty)),
            ("added:*", c("added", .isNotEmpty)),
        ])
    func date(query: String, expected: ListRule) throws {
        #expect(try rule(query) == Self.all(expected))
    }

    @Test(
        "booleans, other lists, and the negations that have operators of their own",
        arguments: [
            ("in_wantlist:true", c("in_wantlist", .isTrue)),
            ("in_wantlist:yes", c("in_wantlist", .isTrue)),
            ("for_sale:false", c("for_sale", .isFalse)),
            ("for_sale:NO", c("for_sale", .isFalse)),
            (#"list:"Best of 2024""#, c("list", .inList, .text("Best of 2024"))),
            ("list:Keepers", c("list", .inList, .text("Keepers"))),
            ("^list:Keepers", c("list", .notInList, .text("Keepers"))),
            ("-list:Keepers", c("list", .notInList, .text("Keepers"))),
            ("^added:-1y..", c("added", .notInLast, .relative(amount: 1, unit: .years))),
        ])
    func booleansAndLists(query: String, expected: ListRule) throws {
        #expect(try rule(query) == Self.all(expected))
    }

    @Test("a notes field is named with note:, quoted as a whole or around its name")
    func notes() throws {
        let expected = Self.all(Self.c("note:Media Condition", .contains, .text("Mint")))
        #expect(try rule(#""note:Media Condition":Mint"#) == expected)
        #expect(try rule(#"note:"Media Condition":Mint"#) == expected)
        #expect(try rule(#"NOTE:Grading:="VG+""#) == Self.all(Self.c("note:Grading", .isEqual, .text("VG+"))))
        #expect(try rule("notes:signed") == Self.all(Self.c("notes", .contains, .text("signed"))))
    }

    @Test("quoted text keeps spaces, escaped quotes and backslashes, and is never syntax")
    func quoting() throws {
        #expect(
            try rule(#"title:"say \"hi\" \\ bye""#) == Self.all(Self.c("title", .contains, .text(#"say "hi" \ bye"#))))
        #expect(try rule(#"title::"\d+ (live)""#) == Self.all(Self.c("title", .matches, .text(#"\d+ (live)"#))))
        #expect(try rule(#"title:"=x""#) == Self.all(Self.c("title", .contains, .text("=x"))))
        #expect(try rule(#"genre:"Jazz|Blues""#) == Self.all(Self.c("genre", .hasAny, Self.texts("Jazz|Blues"))))
    }

    // MARK: Negation, OR, parentheses

    @Test("^ and - negate a term or a group with a none group")
    func negation() throws {
        let reissue = Self.c("format", .hasAny, Self.texts("Reissue"))
        #expect(try rule("^format:Reissue") == Self.all(Self.none(reissue)))
        #expect(try rule("-format:Reissue") == Self.all(Self.none(reissue)))
        #expect(try rule("^^format:Reissue") == Self.all(Self.none(Self.none(reissue))))
        #expect(
            try rule("^(genre:Jazz | genre:Blues)")
                == Self.all(
                    Self.none(
                        Self.any(
                            Self.all(Self.c("genre", .hasAny, Self.texts("Jazz"))),
                            Self.all(Self.c("genre", .hasAny, Self.texts("Blues")))))))
        #expect(
            try rule("-(rating:5 year:1959)")
                == Self.all(
                    Self.none(
                        Self.all(
                            Self.c("rating", .equals, .number(5)), Self.c("year", .equals, .number(1959))))))
    }

    @Test("a comma ORs the AND-groups around it: a b , c is any(all(a, b), all(c))")
    func or() throws {
        let a = Self.c("genre", .hasAny, Self.texts("Jazz"))
        let b = Self.c("year", .lessOrEqual, .number(1969))
        let c = Self.c("style", .hasAny, Self.texts("Bop"))
        let expected = Self.any(Self.all(a, b), Self.all(c))
        #expect(try rule("genre:Jazz year:..1969 , style:Bop") == expected)
        #expect(try rule("genre:Jazz year:..1969, style:Bop") == expected)
        #expect(try rule("genre:Jazz year:..1969 | style:Bop") == expected)
        #expect(try rule("genre:Jazz , style:Bop , year:..1969") == Self.any(Self.all(a), Self.all(c), Self.all(b)))
    }

    @Test("parentheses group, with | or , inside, and nest")
    func parentheses() throws {
        let jazz = Self.c("genre", .hasAny, Self.texts("Jazz"))
        let blues = Self.c("genre", .hasAny, Self.texts("Blues"))
        let sixties = Self.c("year", .between, Self.range(.number(1960), .number(1969)))
        let vinyl = Self.c("format", .hasAny, Self.texts("Vinyl"))
        #expect(
            try rule("(genre:Jazz | genre:Blues) year:1960..1969")
                == Self.all(Self.any(Self.all(jazz), Self.all(blues)), sixties))
        #expect(try rule("(genre:Jazz, genre:Blues)") == Self.all(Self.any(Self.all(jazz), Self.all(blues))))
        #expect(try rule("(genre:Jazz year:1960..1969)") == Self.all(Self.all(jazz, sixties)))
        #expect(
            try rule("format:Vinyl (genre:Jazz (year:1960..1969 | genre:Blues))")
                == Self.all(vinyl, Self.all(jazz, Self.any(Self.all(sixties), Self.all(blues)))))
        #expect(try rule("((genre:Jazz))") == Self.all(Self.all(Self.all(jazz))))
    }

    @Test("groups nest at most ListRule.maxDepth levels; the first level too deep is the error")
    func depthCap() throws {
        // The query's own AND-group is the first level.
        let deepest =
            String(repeating: "(", count: ListRule.maxDepth - 1) + "genre:Jazz"
            + String(repeating: ")", count: ListRule.maxDepth - 1)
        #expect(try rule(deepest).depth == ListRule.maxDepth)
        let tooDeep = "(" + deepest + ")"
        let error = try #require(failure(tooDeep))
        #expect(error.reason == .tooDeep(max: ListRule.maxDepth))
        #expect(error.column == ListRule.maxDepth)

        #expect(try rule(String(repeating: "^", count: ListRule.maxDepth - 1) + "title:x").depth == ListRule.maxDepth)
        let negations = try #require(failure(String(repeating: "^", count: ListRule.maxDepth) + "title:x"))
        #expect(negations.reason == .tooDeep(max: ListRule.maxDepth))
        #expect(negations.column == ListRule.maxDepth)

        // An OR adds two levels: the any group and its branches.
        let ors = try #require(failure("(title:x | (title:a | (title:b | title:c)))"))
        #expect(ors.reason == .tooDeep(max: ListRule.maxDepth))
    }

    @Test("a list holds at most ListRule.maxConditions conditions; the one past it is the error")
    func conditionCap() throws {
        let terms = (0..<ListRule.maxConditions).map { "year:\($0 + 1000)" }
        #expect(try rule(terms.joined(separator: " ")).conditions.count == ListRule.maxConditions)
        let query = (terms + ["rating:5"]).joined(separator: " ")
        let error = try #require(failure(query))
        #expect(error.reason == .tooManyConditions(max: ListRule.maxConditions))
        #expect(error.token == "rating")
    }

    // MARK: Options

    @Test("sort keys in order, ascending by default, random, and several in one option")
    func sort() throws {
        let definition = try ListQuery.parse("sort:added- sort:year+ sort:artist sort:date_added-,title+ sort:random")
        #expect(
            definition.sort == [
                ListSort(field: "added", descending: true), ListSort(field: "year"), ListSort(field: "artist"),
                ListSort(field: "added", descending: true), ListSort(field: "title"), ListSort(field: "random"),
            ])
        #expect(
            try ListQuery.parse(#"sort:"note:Media Condition"-"#).sort == [
                .init(field: "note:Media Condition", descending: true)
            ])
    }

    @Test("limit, offset, base, fan, pin, exclude and seed")
    func options() throws {
        let definition = try ListQuery.parse(
            "genre:Jazz limit:50 offset:10 base:folder:3 fan:style pin:123,456 pin:7 exclude:789 seed:42")
        #expect(
            definition
                == ListDefinition(
                    base: .folder(3), rule: Self.all(Self.c("genre", .hasAny, Self.texts("Jazz"))), limit: 50,
                    offset: 10, pins: [123, 456, 7], excludes: [789], fanOut: "style", seed: 42))
        #expect(try ListQuery.parse("base:wantlist").base == .wantlist)
        #expect(try ListQuery.parse("base:inventory").base == .inventory)
        #expect(try ListQuery.parse("fan_out:decade pins:5 excludes:6").fanOut == "decade")
        #expect(try ListQuery.parse("genre:Jazz", base: .wantlist).base == .wantlist)
        #expect(try ListQuery.parse("base:collection", base: .wantlist).base == .collection)
    }

    @Test("options are the whole list's: OR branches share them")
    func optionsBetweenAlternatives() throws {
        let definition = try ListQuery.parse("genre:Jazz sort:year+ , genre:Blues limit:3")
        #expect(definition.sort == [ListSort(field: "year")])
        #expect(definition.limit == 3)
        #expect(
            definition.rule
                == Self.any(
                    Self.all(Self.c("genre", .hasAny, Self.texts("Jazz"))),
                    Self.all(Self.c("genre", .hasAny, Self.texts("Blues")))))
    }

    // MARK: Errors

    @Test(
        "every mistake names its token and column",
        arguments: [
            ("gnre:Jazz", ListQueryError.Reason.unknownField("gnre", suggestion: "genre"), 1),
            ("genre:Jazz xyzzy:1", .unknownField("xyzzy", suggestion: nil), 12),
            ("yaer:1960", .unknownField("yaer", suggestion: "year"), 1),
            ("note:Grading", .unknownField("note", suggestion: "notes"), 1),
            (#"title:"Blue"#, .unterminatedQuote, 7),
            ("(genre:Jazz", .unclosedParenthesis, 1),
            ("genre:Jazz)", .unexpectedClosingParenthesis, 11),
            ("genre:Jazz ()", .emptyGroup, 12),
            ("genre:Jazz , , style:Bop", .emptyAlternative, 14),
            (", genre:Jazz", .emptyAlternative, 1),
            ("genre:Jazz ,", .emptyAlternative, 12),
            ("(genre:Jazz | )", .emptyAlternative, 13),
            ("genre:Jazz , limit:5", .emptyAlternative, 12),
            ("^ genre:Jazz", .danglingNegation, 1),
            ("genre:Jazz -", .danglingNegation, 12),
            ("Jazz", .missingField, 1),
            (":Jazz", .missingField, 1),
            ("genre:", .missingValue(field: "genre"), 7),
            ("title:=", .missingValue(field: "title"), 7),
            ("rating:~4", .badValue(field: "rating", expected: ListField.named("rating")!.expectedValues), 8),
            ("genre:Jazz+Blues|Rock", .badValue(field: "genre", expected: ListField.named("genre")!.expectedValues), 7),
            ("genre:Jazz|", .badValue(field: "genre", expected: ListField.named("genre")!.expectedValues), 12),
            ("title:**", .badValue(field: "title", expected: ListField.named("title")!.expectedValues), 7),
            ("in_wantlist:maybe", .badValue(field: "in_wantlist", expected: "true or false"), 13),
            (#"list:"""#, .badValue(field: "list", expected: "the name of another list"), 6),
            ("added:-1w", .badValue(field: "added", expected: ListField.named("added")!.expectedValues), 7),
            ("year:19x5", .badNumber("19x5"), 6),
            ("year:1950..19x5", .badNumber("19x5"), 12),
            ("rating:>", .missingValue(field: "rating"), 8),
            ("year:1965..1955", .badRange("1965..1955", problem: "it starts after it ends"), 6),
            ("year:..", .badRange("..", problem: "write 4..5, 4.. or ..5"), 6),
            ("added:2021..2019", .badRange("2021..2019", problem: "it starts after it ends"), 7),
            ("added:-4w..-6w", .badRange("-4w..-6w", problem: "it starts after it ends"), 7),
            ("added:2020-13", .badDate("2020-13"), 7),
            ("added:2023-02-29", .badDate("2023-02-29"), 7),
            ("added:2020..90d", .badDate("90d"), 13),
            ("title::Ann(a", .badRegex("Ann(a"), 8),
            ("folder:Jazz base:wantlist", .fieldNotForBase(field: "folder", base: .wantlist), 1),
            ("sort:folder+ base:inventory", .fieldNotForBase(field: "folder", base: .inventory), 6),
            ("fan:title", .cannotFanOut("title"), 5),
            ("fan:gnre", .unknownField("gnre", suggestion: "genre"), 5),
            ("limit:ten", .badOption("limit", expected: ListQueryOption.limit.expectation), 7),
            ("limit:0", .badOption("limit", expected: ListQueryOption.limit.expectation), 7),
            ("offset:-1", .badOption("offset", expected: ListQueryOption.offset.expectation), 8),
            ("pin:12,x", .badOption("pin", expected: ListQueryOption.pin.expectation), 5),
            ("base:shelf", .badOption("base", expected: ListQueryOption.base.expectation), 6),
            ("sort:list-", .badOption("sort", expected: ListQueryOption.sort.expectation), 6),
            ("sort:ratng-", .unknownField("ratng", suggestion: "rating"), 6),
            ("limit:5 limit:6", .repeatedOption("limit"), 9),
            ("^sort:added-", .misplacedOption("sort"), 2),
            ("genre:Jazz (limit:5)", .misplacedOption("limit"), 13),
            ("(genre:Jazz|style:Bop)", .badValue(field: "genre", expected: ConditionSyntax.joinedTermsHint), 8),
            ("genre:Jazz,style:Bop", .badValue(field: "genre", expected: ConditionSyntax.joinedTermsHint), 7),
        ])
    func errors(query: String, reason: ListQueryError.Reason, column: Int) throws {
        let error = try #require(failure(query), "\(query) should fail")
        #expect(error.reason == reason, "\(query): \(error)")
        #expect(error.column == column, "\(query): \(error)")
        #expect(error.query == query)
        #expect(error.description.contains("at column \(column)"))
    }

    @Test("collection-only fields are refused for a wantlist given as the default base")
    func collectionOnlyOnWantlist() throws {
        let error = try #require(failure("genre:Jazz in_wantlist:true", base: .wantlist))
        #expect(error.reason == .fieldNotForBase(field: "in_wantlist", base: .wantlist))
        #expect(error.column == 12)
        #expect(try ListQuery.parse("in_collection:true", base: .wantlist).base == .wantlist)
    }

    @Test("the message names the token and column, with a suggestion and a caret line for the terminal")
    func messages() throws {
        let unknown = try #require(failure("gnre:Jazz year:1955..1965"))
        #expect(unknown.description == #"unknown field "gnre" at column 1; did you mean genre?"#)
        #expect(unknown.token == "gnre")
        #expect(unknown.terminalDescription == unknown.description + "\n  gnre:Jazz year:1955..1965\n  ^^^^")

        let number = try #require(failure("genre:Jazz year:19x5"))
        #expect(number.description == #""19x5" is not a number at column 17"#)
        #expect(number.caret == "                ^^^^")

        let quote = try #require(failure(#"style:"Hard Bop"#))
        #expect(quote.description == #"unterminated quote at column 7; close it with ""#)
        #expect(quote.token == #""Hard Bop"#)
    }

    // MARK: Round trips

    static let canonical = [
        "",
        #"genre:Jazz style:"Hard Bop" year:1955..1965 ^format:Reissue rating:4.. added:-1y.. sort:added- limit:50"#,
        "title:Blue title:=Blue title::^Blue$ title:Blue* title:*Train title:~\"\" title:\"\" title:*",
        #"genre:Jazz|Blues style:"Hard Bop"+"Post Bop" genre:=Jazz artist:~miles artist::^Miles catno:BLP* genre:"" genre:*"#,
        "rating:4 rating:<4 rating:>4 rating:4.. rating:..4 year:1955..1965 price:..20.5",
        "added:2020-05-01 added:2020 added:2020-05 added:2019..2021 added:2008-12..2009-10-11 added:2019.. added:..2021-06",
        "added:-90d.. added:..-1y added:-6w..-4w added:2020..-1y added:+4d.. added:>2020-12-31 added:<2020-05-01 added:>-30d",
        "^added:-1y.. list:Keepers ^list:\"Best of 2024\" in_wantlist:true for_sale:false",
        #""note:Media Condition":Mint note:Grading:="VG+" notes:signed"#,
        "genre:Jazz year:..1969 , style:Bop",
        "(genre:Jazz | genre:Blues) year:1960..1969 ^(rating:5 year:1959) ^^title:x",
        "format:Vinyl (genre:Jazz (year:1960..1969 | genre:Blues))",
        #"title:"say \"hi\" \\ bye" title::"\\d+ (live)" title::Ann(a|ie)"#,
        "base:wantlist genre:Jazz sort:year+ sort:random",
        "base:folder:3 genre:Jazz sort:added- sort:\"note:Media Condition\"+ limit:50 offset:10 fan:style pin:1,2 exclude:3 seed:7",
    ]

    @Test("canonical queries print back as written, and parse back to the same definition", arguments: canonical)
    func roundTrip(query: String) throws {
        let definition = try ListQuery.parse(query)
        #expect(ListQuery.format(definition) == query)
        #expect(try ListQuery.parse(ListQuery.format(definition)) == definition)
    }

    @Test(
        "other spellings print in the canonical one, with the same meaning",
        arguments: [
            ("date_added:-1w..", "added:-1w.."),
            ("desc:Reissue", "format_desc:Reissue"),
            ("-format:Reissue", "^format:Reissue"),
            ("in_wantlist:yes", "in_wantlist:true"),
            ("rating:>=4 rating:<=2 rating:=3", "rating:4.. rating:..2 rating:3"),
            ("added:2020-01-01..2020-12-31", "added:2020"),
            ("added:2020-01..2020-01", "added:2020-01"),
            ("added:>2020", "added:>2020-12-31"),
            ("title:*lue*", "title:lue"),
            (#"title:"Blue""#, "title:Blue"),
            ("genre:Jazz, style:Bop", "genre:Jazz , style:Bop"),
            ("(genre:Jazz, genre:Blues)", "(genre:Jazz | genre:Blues)"),
            ("sort:added-,year", "sort:added- sort:year+"),
            ("NOTE:Grading:Mint", "note:Grading:Mint"),
            ("fan_out:style pins:4", "fan:style pin:4"),
        ])
    func canonicalSpelling(query: String, canonical: String) throws {
        let definition = try ListQuery.parse(query)
        #expect(ListQuery.format(definition) == canonical)
        #expect(try ListQuery.parse(canonical) == definition)
    }

    @Test("every definition the parser makes passes the validator unchanged", arguments: canonical)
    func parserOutputIsValid(query: String) throws {
        let definition = try ListQuery.parse(query)
        #expect(try ListDefinitionValidator.validated(definition) == definition)
    }

    @Test(
        "operators the query writes with ^ print as the equivalent negation",
        arguments: [
            (c("title", .isNot, .text("Blue")), "^title:=Blue"),
            (c("title", .notContains, .text("Blue Note")), #"^title:"Blue Note""#),
            (c("genre", .hasNone, texts("Jazz", "Blues")), "^genre:Jazz|Blues"),
            (c("rating", .notEquals, .number(3)), "^rating:3"),
            (c("year", .notBetween, range(.number(1960), .number(1969))), "^year:1960..1969"),
            (c("title", .isNotEmpty), "title:*"),
            (c("genre", .contains, .text("Bop")), "genre:~Bop"),
            (c("rating", .between, range(.number(4), .null)), "rating:4.."),
            (c("added", .between, range(.relative(amount: 30, unit: .days), .null)), "added:-30d.."),
            (none(c("title", .contains, .text("a")), c("title", .contains, .text("b"))), "^(title:a | title:b)"),
            (any(c("title", .contains, .text("a"))), "title:a"),
            (.condition(ListCondition(field: "style", op: .hasAny, value: .text("Bop"))), "style:Bop"),
        ])
    func negatedOperators(rule: ListRule, query: String) throws {
        #expect(ListQuery.format(ListDefinition(rule: rule)) == query)
        _ = try ListQuery.parse(query)
    }

    @Test("trees the query cannot express print as JSON, which parse reads back exactly")
    func jsonFallback() throws {
        let definitions = [
            ListDefinition(rule: Self.all(Self.c("added", .on, .relative(amount: 7, unit: .days)))),
            ListDefinition(rule: Self.all(Self.all(), Self.c("genre", .hasAny, Self.texts("Jazz")))),
            ListDefinition(rule: Self.any()),
            ListDefinition(rule: Self.all(Self.c("title", .contains, .text("x"))), limit: 0),
        ]
        for definition in definitions.prefix(3) {
            let text = ListQuery.format(definition)
            #expect(text.hasPrefix("{"), "\(text)")
            #expect(try ListQuery.parse(text) == definition)
        }
        // Not valid at all: still printed, as JSON, and refused by parse.
        let invalid = ListQuery.format(definitions[3])
        #expect(invalid.hasPrefix("{"))
        #expect(failure(invalid)?.reason == .invalidJSON("limit: must be a whole number from 1, got 0"))
    }

    @Test("a query that starts with { is the JSON form, validated like a query")
    func jsonInput() throws {
        let definition = try ListQuery.parse(
            #"{"rule": {"all": [{"field": "date_added", "op": "in_last", "value": {"last": 90}}]}, "sort": ["added-"]}"#,
            base: .wantlist)
        #expect(definition.base == .wantlist)
        #expect(definition.rule == Self.all(Self.c("added", .inLast, .relative(amount: 90, unit: .days))))
        #expect(definition.sort == [ListSort(field: "added", descending: true)])

        let unknown = try #require(
            failure(#"  {"rule": {"all": [{"field": "gnre", "op": "has_any", "value": ["Jazz"]}]}}"#))
        #expect(unknown.reason == .invalidJSON(#"rule.all[0].field: unknown field "gnre"; did you mean genre?"#))
        #expect(unknown.column == 3)
        let op = try #require(failure(#"{"rule": {"all": [{"field": "rating", "op": "contains", "value": "4"}]}}"#))
        #expect(op.description.contains("rule.all[0].op: contains does not apply to rating, a number field"))
        let broken = try #require(failure(#"{"rule": "#))
        #expect(broken.description.hasPrefix("invalid JSON definition"))
    }

    // MARK: Generated queries and trees

    /// Canonical single terms: each prints back exactly as written.
    static let terms = [
        "genre:Jazz", "genre:Jazz|Blues", #"style:"Hard Bop""#, "style:Bop+Cool", "title:Blue", "title:=Blue",
        "title::^A", "title:Blue*", "title:*Train", #"title:"""#, "title:*", "artist:~miles", "rating:4", "rating:4..",
        "rating:..2", "rating:<3", "rating:>1", "year:1955..1965", "added:2020", "added:2020-05", "added:2020-05-01",
        "added:2019..2021", "added:-90d..", "^added:-1y..", "added:..-1y", "added:-6w..-4w", "added:>2020-12-31",
        "in_wantlist:true", "for_sale:false", "list:Keepers", "^list:Keepers", #""note:Media Condition":Mint"#,
    ]

    /// A canonical query: terms, negations and parenthesised ORs up to `depth` levels.
    static func query(_ generator: inout SplitMix, depth: Int) -> String {
        var parts: [String] = []
        for _ in 0...generator.next(below: 3) {
            switch depth > 0 ? generator.next(below: 6) : 0 {
            case 4:
                let branches = (0...generator.next(below: 2)).map { _ in query(&generator, depth: depth - 2) }
                parts.append("(" + branches.joined(separator: " | ") + ")")
            case 5:
                let inner = query(&generator, depth: depth - 1)
                parts.append(inner.contains(" ") ? "^(" + inner + ")" : "^" + inner)
            default:
                parts.append(generator.pick(terms))
            }
        }
        return parts.joined(separator: " ")
    }

    @Test("generated canonical queries print back exactly and parse back to the same definition")
    func generatedQueries() throws {
        var generator = SplitMix(seed: 1955)
        for _ in 0..<400 {
            var query = (0...generator.next(below: 2)).map { _ in Self.query(&generator, depth: 2) }
                .joined(separator: " , ")
            if generator.next(below: 3) == 0 { query += " sort:added- limit:\(generator.next(below: 100) + 1)" }
            let definition = try ListQuery.parse(query)
            #expect(ListQuery.format(definition) == query)
            #expect(try ListQuery.parse(ListQuery.format(definition)) == definition)
        }
    }

    /// Any condition the catalogue allows, with a value that may or may not fit the operator.
    static func condition(_ generator: inout SplitMix) -> ListRule {
        let field = generator.pick(ListField.all + [ListField.named("note:Media Condition")!])
        let op = generator.pick(generator.next(below: 10) == 0 ? ListOperator.allCases : field.operators)
        let dates: [ListValue] = [.text("2020-05-01"), .text("1999-12-31"), .relative(amount: 3, unit: .months), .null]
        let values: [ListValue?] = [
            nil, .text("Blue Note"), .text(#"a "quoted" \ text"#), .text(""), .number(4), .number(2.5),
            .list([.text("Jazz"), .text("Hard Bop")]), .list([.number(1955), .number(1965)]),
            .list([.number(3), .null]), .list([generator.pick(dates), generator.pick(dates)]),
            .relative(amount: 90, unit: .days), .relative(amount: -2, unit: .weeks), .text("2021-02-28"),
            .bool(true), .text("(a|b)+"),
        ]
        return .condition(ListCondition(field: field.name, op: op, value: generator.pick(values)))
    }

    static func tree(_ generator: inout SplitMix, depth: Int) -> ListRule {
        guard depth > 0, generator.next(below: 3) == 0 else { return condition(&generator) }
        let rules = (0..<generator.next(below: 4)).map { _ in tree(&generator, depth: depth - 1) }
        return .group(generator.pick(GroupMatch.allCases), rules)
    }

    @Test("any valid tree prints as a query or JSON that parses to the same meaning, and printing is stable")
    func generatedTrees() throws {
        var generator = SplitMix(seed: 1965)
        var printedAsQuery = 0
        for _ in 0..<1500 {
            let rule = Self.tree(&generator, depth: 4)
            let definition = ListDefinition(
                base: generator.pick([.collection, .wantlist, .folder(2)]), rule: rule,
                sort: generator.next(below: 2) == 0 ? [] : [ListSort(field: "added", descending: true)])
            let text = ListQuery.format(definition)
            guard let valid = try? ListDefinitionValidator.validated(definition) else {
                #expect(text.hasPrefix("{"), "an invalid definition prints as JSON: \(text)")
                continue
            }
            let parsed = try ListQuery.parse(text)
            if text.hasPrefix("{") {
                #expect(parsed == valid, "\(text)")
            } else {
                printedAsQuery += 1
                #expect(ListQuery.format(parsed) == text, "\(text)")
                #expect(parsed.rule.conditions.count == valid.rule.conditions.count, "\(text)")
            }
        }
        #expect(printedAsQuery > 200)
    }
}
