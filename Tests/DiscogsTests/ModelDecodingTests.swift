import Discogs
import FakeDiscogs
import Foundation
import Testing

@Suite("Decoding recorded Discogs responses")
struct ModelDecodingTests {
    func decode<T: Decodable>(_ type: T.Type, _ fixture: String) throws -> T {
        try JSONDecoder().decode(type, from: Fixtures.data(fixture))
    }

    @Test("a modern release keeps every list: credits, companies, formats, tracks, identifiers, videos, images")
    func modernRelease() throws {
        let release = try decode(Release.self, "releases_ID.json")
        #expect(release.id == 13_574_140)
        #expect(release.title == "The Köln Concert")
        #expect(release.year == nil, "year 0 means unknown")
        #expect(release.artists.map(\.name) == ["Keith Jarrett"])
        #expect(release.labels.first?.catno == "ECM 1064/65")
        #expect(release.companies.first?.entityTypeName == "Phonographic Copyright (p)")
        #expect(release.formats.first?.qty == "1")
        #expect(release.formats.first?.text == "Arvato")
        #expect(release.extraArtists.contains { $0.role == "Design [Cover]" })
        #expect(release.identifiers.first?.type == "Barcode")
        #expect(release.videos.first?.duration == 4271)
        #expect(release.images.first?.width == 600)
        #expect(release.community?.ratingAverage == 4.58)
        #expect(release.masterID == 26241)
        #expect(!release.tracklist.isEmpty)
    }

    @Test(
        "every recorded release decodes, whatever its era",
        arguments: [
            "releases_ID.json", "releases_ID__25829341.json", "releases_ID__peacefixation_10507194.json",
            "releases_ID__2014.json",
        ])
    func everyRelease(fixture: String) throws {
        let release = try decode(Release.self, fixture)
        #expect(release.id > 0)
        #expect(!release.title.isEmpty)
    }

    @Test("a collection page with notes and folder ids")
    func collectionPageWithNotes() throws {
        let page = try decode(CollectionPage.self, "users_USERNAME_collection_folders_0_releases__with_notes.json")
        let item = try #require(page.releases.first)
        #expect(item.instanceID == 519_662_456)
        #expect(item.folderID == 1)
        #expect(item.notes == [.init(fieldID: 1, value: "Very Good Plus (VG+)"), .init(fieldID: 2, value: "Generic")])
        #expect(item.basicInformation.masterID == 36105)
        #expect(item.basicInformation.formats.first?.descriptions.contains("White Label") == true)
        #expect(page.pagination == Pagination(page: 1, pages: 1, perPage: 50, items: 1))
    }

    @Test("a collection page as a non-owner sees it: no folder_id, no notes, blank images")
    func collectionPageWithoutOwnerFields() throws {
        let page = try decode(CollectionPage.self, "users_USERNAME_collection_folders_0_releases_page1.json")
        #expect(page.pagination.pages == 48)
        for item in page.releases {
            #expect(item.folderID == nil)
            #expect(item.notes.isEmpty)
            #expect(item.basicInformation.thumb == nil, "blank image URLs become nil")
        }
    }

    @Test("a body cut off on the wire fails to decode instead of yielding partial data", arguments: [0.25, 0.5, 0.99])
    func truncatedBody(fraction: Double) throws {
        for fixture in ["users_USERNAME_collection_folders_0_releases__with_notes.json", "releases_ID.json"] {
            let data = Fixtures.data(fixture)
            let cut = data.prefix(Int(Double(data.count) * fraction))
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(CollectionPage.self, from: cut) }
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(Release.self, from: cut) }
        }
    }

    @Test("wants: the 2022 shape with plain-string notes and the 2014 shape with notes_public")
    func wants() throws {
        let modern = try decode(Want.self, "users_USERNAME_wants_item__2022.json")
        #expect(modern.releaseID == 5_134_861)
        #expect(modern.notes == "")
        #expect(modern.dateAdded == "2022-01-22T04:32:49-08:00")
        let old = try decode(WantsPage.self, "users_USERNAME_wants.json")
        #expect(!old.wants.isEmpty)
    }

    @Test("identity, folders and notes fields")
    func accountEndpoints() throws {
        #expect(try decode(Identity.self, "oauth_identity.json").username == "Username")
        #expect(try decode(FolderList.self, "users_USERNAME_collection_folders.json").folders.map(\.id) == [0, 1])
        let fields = try decode(CustomFieldList.self, "users_USERNAME_collection_fields.json").fields
        #expect(fields.map(\.name) == ["Media Condition", "Sleeve Condition", "Notes"])
        #expect(fields[2].lines == 3)
        #expect(fields[0].options.count == 8)
    }

    @Test("numbers sent as strings and missing keys are accepted")
    func lenientValues() throws {
        let json =
            #"{"id": "42", "title": "T", "year": "1999", "formats": [{"name": "CD", "qty": 2}], "lowest_price": "3.5"}"#
        let release = try JSONDecoder().decode(Release.self, from: Data(json.utf8))
        #expect(release.id == 42)
        #expect(release.year == 1999)
        #expect(release.formats.first?.qty == "2")
        #expect(release.lowestPrice == 3.5)
        #expect(release.tracklist.isEmpty && release.images.isEmpty && release.series.isEmpty)
    }
}
