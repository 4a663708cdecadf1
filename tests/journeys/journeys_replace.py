"""Find and Replace across texts with a preview, from the keyboard (issue 24, part 2)."""

import pyatspi

from journey import JourneyFailed, focus_window, keys, size_of, type_text, wait_for
from journeys import assert_lives, open_list


def _summary(app, contains):
    label = app.find("label", contains=contains)
    width, height = size_of(label)
    if width <= 0 or height <= 0:
        raise JourneyFailed(f'the summary "{label.name}" is {width}x{height} px on screen')
    return label


def journey_find_and_replace(j):
    """Three of today's texts say "Mars" (one also "Marsala"): Ctrl+H opens Find and Replace on
    the list's filter; "Mars" → "Venus", whole words; the preview lists the three; the second
    is unticked with Space; Apply writes the other two; the summary says so, the database holds
    exactly that (Marsala untouched, the unticked row unchanged, history "replaced"), and the
    program lives on."""
    db = j.database(days=3)
    j.cluster.psql("UPDATE horoscope_cache SET content = content || ' Mars leads you.' "
                   "WHERE horoscope_date = current_date AND zodiac_sign IN "
                   "('aries', 'leo', 'virgo')", db)
    j.cluster.psql("UPDATE horoscope_cache SET content = content || ' Marsala is sweet.' "
                   "WHERE horoscope_date = current_date AND zodiac_sign = 'leo'", db)
    app = j.start("--database-url", j.cluster.url(db))
    open_list(app)

    keys("ctrl+h")
    app.find("dialog", "Find and Replace")
    focus_window(app)  # the dialog's window gets the keys (no window manager here)
    app.focused("text")  # Find
    type_text("Mars")
    keys("alt+o")  # Whole words
    wait_for("Whole words ticked", lambda: app.find("check box", "Whole words").getState()
             .contains(pyatspi.STATE_CHECKED))
    keys("alt+w")  # Replace with
    type_text("Venus")
    keys("Return")  # preview
    _summary(app, "3 horoscopes, 3 replacements")
    j.shot("preview")

    # The list has the focus on its first row: the second one is unticked, then Apply.
    keys("Down", "space")
    wait_for("Apply for the two ticked rows",
             lambda: app.find_all("push button", contains="Apply to 2"))
    keys("alt+a")
    label = _summary(app, "2 replaced.")
    print(f'summary: "{label.name}"')
    j.shot("applied")

    rows = j.cluster.psql("SELECT zodiac_sign, content FROM horoscope_cache "
                          "WHERE horoscope_date = current_date AND zodiac_sign IN "
                          "('aries', 'leo', 'virgo') ORDER BY zodiac_sign", db)
    contents = {sign: text for sign, text in rows}
    venus = sorted(s for s, t in contents.items() if "Venus leads you." in t)
    mars = sorted(s for s, t in contents.items() if "Mars leads you." in t)
    if len(venus) != 2 or len(mars) != 1:
        raise JourneyFailed(f"after Apply: Venus in {venus}, Mars still in {mars}: {contents}")
    if "Marsala is sweet." not in contents["leo"]:
        raise JourneyFailed(f"Marsala was changed: {contents['leo']}")
    history = j.cluster.psql("SELECT count(*) FROM horoscope_cache_revisions "
                             "WHERE change_kind = 'replaced' AND changed_by_person <> ''", db)
    if history != [["2"]]:
        raise JourneyFailed(f"history rows of kind replaced: {history}, expected 2")
    assert_lives(app)
