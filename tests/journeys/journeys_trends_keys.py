"""Issue 23, items 8 and 10: the trends from the keyboard, and seen whole on a small screen.
Alt+S opens the Signs menu, Tab leaves the totals table, Left and Right move the crosshair and a
screen reader reads its values (the chart's accessible description); at 1024 x 640 the totals'
Change column is seen whole; a text change is marked on the chart."""
import pyatspi

from journey import JourneyFailed, focus, focus_window, keys, size_of, wait_for
from journeys import main_window
from journeys_russian import resize_window

SIGNS = ("ARRAY['aries','taurus','gemini','cancer','leo','virgo','libra','scorpio',"
         "'sagittarius','capricorn','aquarius','pisces']")


def _views(j, db):
    j.cluster.psql("INSERT INTO horoscope_views (zodiac_sign, view_date, view_count) "
                   "SELECT s, d::date, (abs(hashtext(s || d::text)) % 50) "
                   f"FROM unnest({SIGNS}) s, "
                   "generate_series(current_date - 40, current_date, interval '1 day') d", db)


def _trends(j, db, *args, chart_name="Chart of views"):
    app = j.start(*args, "--database-url", j.cluster.url(db))
    main_window(app)
    focus_window(app)
    keys("ctrl+4")
    chart = app.find("filler", contains=chart_name)
    wait_for("the chart on screen", lambda: min(size_of(chart)) > 100, 10)
    return app, chart


def _extents(node):
    return node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)


def _has_focus(node):
    if node.getState().contains(pyatspi.STATE_FOCUSED):
        return True
    return any(_has_focus(node.getChildAtIndex(i)) for i in range(min(node.childCount, 200)))


def _focused_outside(node, table):
    try:
        if node.getRoleName() in ("table", "table cell", "tree table"):
            return None
        state = node.getState()
        if not state.contains(pyatspi.STATE_SHOWING):
            return None
        if state.contains(pyatspi.STATE_FOCUSED):
            return node
        for i in range(min(node.childCount, 200)):
            found = _focused_outside(node.getChildAtIndex(i), table)
            if found is not None:
                return found
    except Exception:
        return None
    return None


def journey_trends_keyboard(j):
    """View trends (Ctrl+4): Alt+S opens the Signs menu; the chart takes the focus, Right puts the
    crosshair on the first day and the chart's description reads that day's total as PostgreSQL
    has it, Right again the next day; Tab leaves the totals table."""
    db = j.database()
    _views(j, db)
    app, chart = _trends(j, db)
    app.find("label", contains=" views, ")

    # Qt's popup menus are not on the accessibility bus: the menu is seen working instead.
    # Alt+S, Down to "Show all signs", Down to Aries, Return: Aries is hidden.
    keys("alt+s")
    keys("Down", "Down")
    j.shot("signs-menu")
    keys("Return")
    wait_for("Aries hidden from the Signs menu",
             lambda: app.find("label", contains="11 of 12 signs shown", timeout=1), 10)
    keys("alt+s")
    keys("Down", "Return")  # Show all signs
    wait_for("every sign shown again",
             lambda: app.find("label", contains="12 of 12 signs shown", timeout=1), 10)

    focus(app, chart)
    first, second = (int(v[0]) for v in j.cluster.psql(
        "SELECT coalesce(sum(view_count), 0) FROM generate_series(current_date - 29, "
        "current_date - 28, interval '1 day') d LEFT JOIN horoscope_views v "
        "ON v.view_date = d::date GROUP BY d ORDER BY d", db))
    keys("Right")
    wait_for(f"the crosshair's total {first} read out",
             lambda: f"Total: {first:,}" in chart.description, 5)
    print(f'Right: "{chart.description.splitlines()[0]}" … "Total: {first:,}"')
    keys("Right")
    wait_for(f"the next day's total {second} read out",
             lambda: f"Total: {second:,}" in chart.description, 5)
    j.shot("crosshair")

    table = app.find("table", "Views per sign")
    for _ in range(20):  # Tab from the chart along the page to the totals
        keys("Tab")
        try:
            wait_for("the focus in the totals table", lambda: _has_focus(table), 0.3)
            break
        except JourneyFailed:
            continue
    else:
        raise JourneyFailed("Tab never reached the totals table")
    keys("Tab")
    # Another control takes the focus (a table's cells may keep a stale "focused" state).
    where = wait_for("the focus on a control outside the totals table",
                     lambda: _focused_outside(app.root(), table), 5)
    print(f'Tab left the totals for the {where.getRoleName()} "{where.name}"')


def journey_trends_change_column_1024(j):
    """At 1024 x 640 (English and Russian) the totals' last column, Change / Изменение, is seen
    whole inside the table."""
    db = j.database()
    _views(j, db)
    for lang, name in (("en", "Change"), ("ru", "Изменение")):
        app, chart = _trends(j, db, "--lang", lang, chart_name=(
            "График просмотров" if lang == "ru" else "Chart of views"))
        frame = app.find("frame", "Horoscope Admin")
        resize_window(app, 1024, 640)
        wait_for("the window 1024 px wide", lambda: size_of(frame)[0] <= 1024, 5)
        table = app.find("table", "Просмотры по знакам" if lang == "ru" else "Views per sign")

        def column():
            for i in range(table.childCount):
                node = table.getChildAtIndex(i)
                if "header" in node.getRoleName() and node.name == name:
                    return node
            return None
        try:
            header = wait_for(f'the column "{name}"', column, 10)
        except JourneyFailed:
            print([(table.getChildAtIndex(i).getRoleName(), table.getChildAtIndex(i).name)
                   for i in range(min(table.childCount, 8))])
            raise

        def whole():
            box, room = _extents(header), _extents(table)
            return box.width > 0 and box.x + box.width <= room.x + room.width
        try:
            wait_for(f'"{name}" seen whole', whole, 5)
        except JourneyFailed:
            box, room = _extents(header), _extents(table)
            raise JourneyFailed(f'"{name}" ends at {box.x + box.width - room.x} px of the '
                                f"table's {room.width} px") from None
        box = _extents(header)
        print(f'{lang}: "{name}" {box.width} px, inside the {_extents(table).width} px table')
        j.shot(f"totals-{lang}")
        app.stop()
