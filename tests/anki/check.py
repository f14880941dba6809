"""Imports a qa-convert deck or CSV into a collection with the real Anki backend and prints, as JSON,
what Anki did (the import log) and what the collection now holds. tests/anki.rs drives it and makes
the assertions; this script only reports.

usage: check.py apkg  COLLECTION FILE.apkg   import a deck
       check.py csv   COLLECTION FILE.csv    import a CSV as File › Import does
       check.py learn COLLECTION             what a learner does: on every note, tags (their own,
                                             and Anki's marked and leech), an edit of the Answer,
                                             and one review of its card (Good)
       check.py state COLLECTION             only report
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


LEARNER_EDIT = "<p>(my own note)</p>"


def learn(col):
    for nid in sorted(col.find_notes("")):
        note = col.get_note(nid)
        for tag in ("my_own", "marked", "leech"):
            note.add_tag(tag)
        note["Answer"] = note["Answer"] + LEARNER_EDIT
        col.update_note(note)
        for card in note.cards():
            card.start_timer()
            col.sched.answerCard(card, 3)


def card_state(col, card):
    return {
        "id": card.id,
        "type": card.type,
        "queue": card.queue,
        "due": card.due,
        "ivl": card.ivl,
        "reps": card.reps,
        "factor": card.factor,
        "reviews": col.db.scalar("select count() from revlog where cid = ?", card.id),
    }


def state(col, log):
    notes = []
    for nid in sorted(col.find_notes("")):
        note = col.get_note(nid)
        cards = note.cards()
        notes.append(
            {
                "id": note.id,
                "guid": note.guid,
                "notetype": note.note_type()["name"],
                "fields": dict(note.items()),
                "tags": note.tags,
                "mod": note.mod,
                "decks": sorted({col.decks.name(card.did) for card in cards}),
                "question_html": cards[0].question() if cards else None,
                "answer_html": cards[0].answer() if cards else None,
                "cards": [card_state(col, card) for card in cards],
            }
        )
    names = ("new", "updated", "duplicate", "conflicting", "first_field_match",
             "missing_notetype", "missing_deck", "empty_first_field")
    return {
        "log": {name: len(getattr(log, name)) if log else 0 for name in names},
        "notetypes": sorted(nt.name for nt in col.models.all_names_and_ids()),
        "decks": sorted(d.name for d in col.decks.all_names_and_ids()),
        "notes": notes,
    }


def main():
    kind, collection = sys.argv[1:3]
    col = Collection(collection)
    try:
        log = None
        if kind == "apkg":
            log = import_apkg(col, sys.argv[3])
        elif kind == "csv":
            log = import_csv(col, sys.argv[3])
        elif kind == "learn":
            learn(col)
        print(json.dumps(state(col, log), ensure_ascii=False))
    finally:
        col.close()


if __name__ == "__main__":
    main()
