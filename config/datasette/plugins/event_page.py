"""Datasette plugin of the web view: an event's row page shows its key facts and lists its
mentions (sentence, date, publisher, source link), so one page shows what the event rests on."""

from datasette import hookimpl
from datasette.utils import tilde_decode

MENTIONS_SQL = """
select mention_id, event_date, event_type, trigger, evidence, publisher, url
from mentions where event_id = ? order by event_date, mention_id
"""
# (label, column): shown when the events table has the column, in this order
FACTS = [("Type", "event_type"), ("Date", "event_date"), ("Precision", "date_precision"),
         ("From", "date_start"), ("To", "date_end"), ("Country", "country_name"), ("Place", "location"),
         ("Actor 1", "actor1"), ("Actor 1 type", "actor1_type"), ("Actor 2", "actor2"), ("Actor 2 type", "actor2_type"),
         ("Killed", "killed"), ("Injured", "injured"), ("Detained", "detained"), ("Dismissed", "dismissed"),
         ("Sources", "n_sources"), ("Summary", "summary")]


@hookimpl
def extra_template_vars(view_name, table, database, request, datasette):
    if view_name != "row" or table != "events" or request is None:
        return {}

    async def event_page():
        event_id = tilde_decode(request.url_vars.get("pks", ""))
        db = datasette.get_database(database)
        row = (await db.execute("select * from events where event_id = ?", [event_id])).first()
        facts = [(label, row[column]) for label, column in FACTS
                 if row is not None and column in row.keys() and row[column] not in (None, "")]
        mentions = []
        if "mentions" in await db.table_names():
            mentions = [dict(r) for r in await db.execute(MENTIONS_SQL, [event_id])]
        return {"event_facts": facts, "event_mentions": mentions}

    return event_page
