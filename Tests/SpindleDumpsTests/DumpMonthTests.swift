import Testing

@testable import SpindleDumps

@Suite struct DumpMonthTests {
    @Test func parsesMonthsAndDumpDates() {
        #expect(DumpMonth("2020-08")?.description == "2020-08")
        #expect(DumpMonth(dumpDate: "20200806") == DumpMonth("2020-08"))
        #expect(DumpMonth("2020-13") == nil)
        #expect(DumpMonth("2020-8") == nil)
        #expect(DumpMonth(dumpDate: "20201300") == nil)
        #expect(DumpMonth("2019-12")! < DumpMonth("2020-01")!)
    }
}
