import SpindleStore
import Testing

@testable import SpindleSite

@Suite("Rules in words")
struct RuleDescriptionTests {
    let words = RuleDescription(folders: [3: "Jazz"])

    func condition(_ field: String, _ op: ListOperator, _ value: ListValue? = nil) -> ListRule {
        .condition(ListCondition(field: field, op: op, value: value))
    }

    @Test("the conditions of the top level read one after the other; a none group as its conditions negated")
    func topLevel() {
        #expect(words.sentence(ListScenario.hardBop) == ListScenario.hardBopText)
        #expect(words.sentence(.everything) == "everything")
        #expect(words.sentence(condition("year", .less, .number(1970))) == "year is less than 1970")
    }

    @Test("nested groups read with brackets; a group inside one of the same kind is spliced in")
    func nesting() {
        let rule = ListRule.group(
            .all,
            [
                .group(
                    .any,
                    [condition("genre", .hasAny, .list([.text("Jazz")])), condition("label", .isEqual, .text("ECM"))]),
                .group(.all, [condition("year", .greaterOrEqual, .number(1960)), condition("in_wantlist", .isFalse)]),
            ])
        #expect(
            words.sentence(rule)
                == "(genre is any of Jazz or label is ECM) · year is at least 1960 · not on your wantlist")
        let none = ListRule.group(
            .none,
            [
                condition("format", .hasAny, .list([.text("CD"), .text("Cassette")])),
                condition("rating", .equals, .number(1)),
            ])
        #expect(words.sentence(none) == "format is none of CD, Cassette · rating is not 1")
        let notAny = ListRule.group(
            .none, [.group(.any, [condition("for_sale", .isTrue), condition("title", .startsWith, .text("Live"))])])
        #expect(words.sentence(notAny) == "not for sale · title does not start with “Live”")
        let notAll = ListRule.group(
            .none,
            [.group(.all, [condition("country", .isEqual, .text("US")), condition("year", .less, .number(1960))])])
        #expect(words.sentence(notAll) == "country is not US or year is at least 1960")
    }

    @Test("values read as a collector says them: ranges with open ends, dates, relative dates, folders, notes fields")
    func values() {
        #expect(words.sentence(condition("rating", .between, .list([.number(4), .null]))) == "rating is at least 4")
        #expect(
            words.sentence(condition("year", .notBetween, .list([.number(1960), .number(1969)])))
                == "year is not between 1960 and 1969")
        #expect(words.sentence(condition("added", .after, .text("2024-05-01"))) == "date added is after 1 May 2024")
        #expect(
            words.sentence(condition("date_added", .inLast, .relative(amount: 90, unit: .days)))
                == "date added is in the last 90 days")
        #expect(
            words.sentence(condition("added", .before, .relative(amount: 1, unit: .years)))
                == "date added is before 1 year ago")
        #expect(words.sentence(condition("folder", .isEqual, .number(3))) == "folder is Jazz")
        #expect(
            words.sentence(condition("note:Media Condition", .isEqual, .text("Mint (M)")))
                == "Media Condition is Mint (M)")
        #expect(
            words.sentence(condition("desc", .hasAll, .list([.text("LP"), .text("Album")])))
                == "format description is all of LP, Album")
        #expect(words.sentence(condition("list", .notInList, .text("Sold"))) == "not in the list “Sold”")
        #expect(words.base(.folder(3)) == "the folder Jazz" && words.base(.wantlist) == "your wantlist")
        #expect(
            words.order(ListDefinition(sort: [ListSort(field: "added", descending: true), ListSort(field: "artist")]))
                == "date added (newest first), then artist")
        #expect(words.window(ListDefinition(limit: 25)) == "the first 25")
    }
}
