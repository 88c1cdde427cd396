#!/usr/bin/env python3
"""Writes collection.csv, the demo's collection, in the format of the Discogs website's
collection export, from the CC0 data-dump sample next to it (1,000 releases of the 2020-08-06
dump). Release data is the dump's; what a collector adds (folder, rating, date added,
conditions, notes) is generated deterministically. Run it again to get the same file."""
import csv
import gzip
import random
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).parent
random.seed(20200806)

CONDITIONS = ["Mint (M)", "Near Mint (NM or M-)", "Very Good Plus (VG+)", "Very Good (VG)", "Good Plus (G+)"]
SLEEVES = ["Generic", "No Cover"] + CONDITIONS
NOTES = [
    "Bought at a flea market in Köln, \"mint\" they said",
    "Plays fine; light ring wear, seam split 2\"",
    "Gift from J. & M.\nSigned on the back",
    "Promo stamp on label, side B",
    "Ex-DJ copy, stickers on sleeve",
]


def format_text(release):
    parts = []
    for fmt in release.findall("formats/format"):
        qty = int(fmt.get("qty") or "1")
        descriptions = [d.text for d in fmt.findall("descriptions/description") if d.text]
        head = descriptions[0] if descriptions else fmt.get("name", "")
        parts.append(f"{qty}x{head}" if qty > 1 else head)
        parts.extend(descriptions[1:])
    return ", ".join(p for p in parts if p)


def folder_for(genres):
    if "Electronic" in genres:
        return "Electronic"
    if "Jazz" in genres or "Funk / Soul" in genres:
        return "Jazz & Soul"
    if "Rock" in genres or "Pop" in genres:
        return "Rock & Pop"
    return "Uncategorized"


def main():
    with gzip.open(HERE / "discogs_20200806_releases.xml.gz") as source:
        releases = ET.parse(source).getroot().findall("release")
    chosen = random.sample(releases, 290)
    owned = chosen + random.sample(chosen, 10)  # ten records owned twice
    added = datetime(2015, 3, 1, 12, 0, 0)
    rows = []
    for release in owned:
        added += timedelta(hours=random.randint(2, 24 * 12), minutes=random.randint(0, 59))
        artists = release.findall("artists/artist")
        artist = ""
        for index, a in enumerate(artists):
            artist += a.findtext("name", "")
            join = a.findtext("join", "") or ""
            if index < len(artists) - 1:
                artist += f" {join} " if join and join != "," else ", "
        labels = release.findall("labels/label")
        genres = [g.text for g in release.findall("genres/genre")]
        rows.append([
            ", ".join(l.get("catno", "") for l in labels),
            artist,
            release.findtext("title", ""),
            ", ".join(l.get("name", "") for l in labels),
            format_text(release),
            random.choice(["", "", "3", "4", "5"]),
            release.findtext("released", "") or "",
            release.get("id"),
            folder_for(genres),
            added.strftime("%Y-%m-%d %H:%M:%S"),
            random.choice(CONDITIONS) if random.random() < 0.7 else "",
            random.choice(SLEEVES) if random.random() < 0.6 else "",
            random.choice(NOTES) if random.random() < 0.15 else "",
        ])
    with open(HERE / "collection.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["Catalog#", "Artist", "Title", "Label", "Format", "Rating", "Released", "release_id",
                         "CollectionFolder", "Date Added", "Collection Media Condition",
                         "Collection Sleeve Condition", "Collection Notes"])
        writer.writerows(rows)


if __name__ == "__main__":
    main()
