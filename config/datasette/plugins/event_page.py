"""Datasette plugin of the web view: an event's row page lists its mentions (sentence, date,
publisher, source link), so one page shows what the event rests on."""

from datasette import hookimpl
from datasette.utils import tilde_decode

MENTIONS_SQL = """
select mention_id, event_date, event_type, evidence, publisher, url
from mentions where event_id = ? order by event_date, mention_id
"""


@hookimpl
def extra_template_vars(view_name, table, database, request, datasette):
    if view_name != "row" or table != "events" or request is None:
        return {}

    async def mentions():
        event_id = tilde_decode(request.url_vars.get("pks", ""))
        db = datasette.get_database(database)
        if "mentions" not in await db.table_names():
            return {"event_mentions": []}
        rows = await db.execute(MENTIONS_SQL, [event_id])
        return {"event_mentions": [dict(row) for row in rows]}

    return mentions
