"""Imports a qa-convert deck or CSV into a collection with the real Anki backend and prints, as JSON,
what Anki did (the import log) and what the collection now holds. tests/anki.rs drives it and makes
the assertions; this script only reports.

usage: check.py apkg COLLECTION FILE.apkg
       check.py csv  COLLECTION FILE.csv
"""

import json
import sys

from anki.collection import Collection
from anki import import_export_pb2 as ie


def import_apkg(col, path):
    request = ie.ImportAnkiPackageRequest(
        package_path=path,
        options=ie.ImportAnkiPackageOptions(
            with_scheduling=False,
            with_deck_configs=False,
            merge_notetypes=False,
            # Anki's default: take an incoming note only when it is newer than the one held.
            update_notes=ie.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
            update_notetypes=ie.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        ),
    )
    return col.import_anki_package(request).log


def import_csv(col, path):
    # What File › Import does: read the file's own headers, then import with them unchanged.
    metadata = col.get_csv_metadata(path=path, delimiter=None)
    return col.import_csv(ie.ImportCsvRequest(path=path, metadata=metadata)).log


def state(col, log):
    notes = []
    for nid in sorted(col.find_notes("")):
        note = col.get_note(nid)
        cards = note.cards()
        notes.append(
            {
                "guid": note.guid,
                "notetype": note.note_type()["name"],
                "fields": dict(note.items()),
                "tags": note.tags,
                "mod": note.mod,
                "decks": sorted({col.decks.name(card.did) for card in cards}),
                "question_html": cards[0].question() if cards else None,
                "answer_html": cards[0].answer() if cards else None,
            }
        )
    return {
        "log": {
            name: len(getattr(log, name))
            for name in ("new", "updated", "duplicate", "conflicting", "first_field_match",
                         "missing_notetype", "missing_deck", "empty_first_field")
        },
        "notetypes": sorted(nt.name for nt in col.models.all_names_and_ids()),
        "decks": sorted(d.name for d in col.decks.all_names_and_ids()),
        "notes": notes,
    }


def main():
    kind, collection, path = sys.argv[1:4]
    col = Collection(collection)
    try:
        log = import_apkg(col, path) if kind == "apkg" else import_csv(col, path)
        print(json.dumps(state(col, log), ensure_ascii=False))
    finally:
        col.close()


if __name__ == "__main__":
    main()
