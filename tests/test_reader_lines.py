"""What a reader of the timeline must never see: readers' comments and their stamps,
calls to comment, a birthday from an obituary opening a news story, a line that leans
on a sentence the reader cannot see."""

from conftest import dated_doc

from storyline.clean import clean
from storyline.clean.comments import drop_comments
from storyline.model import Document, Event, RawDocument, Sentence
from storyline.timeline import TimelineConfig, story_span, summarize

ARTICLE = [
    "Floodwater breached the river wall at Lornholt on Tuesday, forcing 400 families from their homes.",
    "Engineers said the pumps had failed an hour before the breach.",
]


def test_a_comment_section_is_cut_from_its_first_stamp():
    text = "\n".join(ARTICLE + [
        "At 11:35 am on 18 Jan 2010, Tamsin_R wrote: The council ignored every warning.",
        "I lived there for ten years and it always flooded.",
        "At 12:02 pm on 18 Jan 2010, gullwing wrote: # 25 .",
    ])
    kept, removed = drop_comments(text)
    assert kept == "\n".join(ARTICLE)
    assert [r.reason for r in removed] == ["reader comments"] * 3


def test_blog_comments_after_the_post_stamp_are_cut():
    text = "\n\n".join(ARTICLE + [
        "By Politics Desk | September 25, 2008; 11:19 AM ET Well it looks like the vote is on.",
        "Nobody trusts the engineers Posted by: rivergirl | September 26, 2008 11:57 AM | Report abuse",
    ])
    assert drop_comments(text)[0] == "\n\n".join(ARTICLE)


def test_a_quote_with_wrote_is_not_a_comment_section():
    text = "\n".join(ARTICLE + ["The mayor wrote: we will rebuild.", "Her deputy wrote: the wall will hold."])
    kept, removed = drop_comments(text)
    assert kept == text and removed == []


def test_readers_messages_and_calls_to_comment_are_dropped_line_by_line():
    text = "\n".join([
        ARTICLE[0],
        '1614 Oskar Lind from Brenholt e-mails: "The water is at our door."',
        "Send us your comments and pictures using the form below.",
        ARTICLE[1],
        "Letters for publication should be sent to the editor.",
    ])
    kept, removed = drop_comments(text)
    assert kept == "\n".join(ARTICLE)
    assert [r.reason for r in removed] == ["reader's message", "call to comment", "call to comment"]


def test_cleaning_keeps_the_dropped_lines_with_their_reason():
    body = "\n".join(ARTICLE + ["At 1:33 pm on 18 Jan 2010, Tamsin_R wrote: So sad.",
                                "At 1:40 pm on 18 Jan 2010, gullwing wrote: Agreed."])
    doc = clean(RawDocument("a.txt", "a.txt", "text", body, {"layout": "t17", "published": "2010-01-18"}))
    assert "wrote" not in doc.text
    assert {r.reason for r in doc.removed} == {"reader comments"}


def make_doc(doc_id, lines, published):
    """A document of (sentence, [(expression, value, granularity)]) lines, each expression its event's."""
    return dated_doc(doc_id, lines, published, role="event", sep="\n")


BREACH = ("Floodwater breached the river wall at Lornholt on Tuesday, forcing 400 families from their homes.",
          [("on Tuesday", "2026-02-03", "day")])
OLD_FLOOD = ("The wall was first built after the great flood of 12 March 1953 drowned the lower town.",
             [("12 March 1953", "1953-03-12", "day")])


def test_a_date_long_before_the_story_does_not_open_it():
    docs = [make_doc(f"{i}.txt", [BREACH, OLD_FLOOD], f"2026-02-0{4 + i}") for i in range(4)]
    first, last = story_span(docs)
    assert first == "2026-01-21" and last == "2026-03-09"
    events = summarize(docs)
    timeline = [e.date for e in events if not e.background]
    assert timeline[0] == "2026-02-03" and "1953-03-12" not in timeline
    # four independent sources recall the old flood: it comes as background, marked
    [old] = [e for e in events if e.background]
    assert old.date == "1953-03-12" and len(old.sources) == 4
    # two do not make background
    assert [e.date for e in summarize(docs[:2])] == ["2026-02-03"]
    # the user can open the window, and the old flood is then an event like any other
    wide = summarize(docs, TimelineConfig(span=("1950-01-01", "2026-12-31")))
    assert any(e.date == "1953-03-12" and not e.background for e in wide)


def test_comment_stamps_never_become_lines():
    stamp = ("At 19:23 on 3 Feb 2026, riverwatch wrote: the wall breached on Tuesday and nobody came.",
             [("on Tuesday", "2026-02-03", "day")])
    docs = [make_doc("a.txt", [stamp], "2026-02-04"), make_doc("b.txt", [stamp], "2026-02-05")]
    assert summarize(docs) == []


def test_a_line_that_leans_on_the_sentence_before_loses_to_one_that_states_the_event():
    leaning = ("But he said the pumps at Lornholt had failed on Tuesday, forcing the families out.",
               [("on Tuesday", "2026-02-03", "day")])
    docs = [make_doc("a.txt", [leaning], "2026-02-04"), make_doc("b.txt", [BREACH], "2026-02-04"),
            make_doc("c.txt", [leaning], "2026-02-05")]
    [event] = [e for e in summarize(docs, TimelineConfig(sentences_per_date=1)) if e.date == "2026-02-03"]
    assert event.summary == (BREACH[0],)


def test_reports_show_background_apart_and_planned_events_as_planned():
    from storyline.model import Story
    from storyline.render import render

    docs = [make_doc(f"{i}.txt", [BREACH, OLD_FLOOD], f"2026-02-0{4 + i}") for i in range(4)]
    events = summarize(docs)
    events.append(Event("2026-03-01", ("The council will vote on the new wall on 1 March.",), (), ("0.txt",), planned=True))
    story = Story(documents=docs, events=events)
    html = render(story, "html")
    assert html.index('id="background"') < html.index("The wall was first built") < html.index('id="timeline"') < html.index("Floodwater")
    assert 'class="event planned' in html and ">planned</span>" in html
    md = render(story, "md")
    assert md.index("## Background") < md.index("1953-03-12") < md.index("## Timeline")
    assert "### 2026-03-01 (planned" in md


def test_a_comment_system_stamp_with_at_and_a_bar_opens_the_comment_section():
    text = "\n".join(ARTICLE + ["June 15, 2011 at 11:14 am | June 15, 2011 at 11:17 am | Wait...",
                                "June 15, 2011 at 11:20 am | The wall will fail again."])
    assert drop_comments(text)[0] == "\n".join(ARTICLE)


def test_a_blog_stamp_is_cut_off_the_sentence_it_is_glued_to():
    text = "Ria Holm | 18:00 UK time, Saturday, 25 April 2009 Engineers are worried about the river wall.\nMore."
    kept, removed = drop_comments(text)
    assert kept == "Engineers are worried about the river wall.\nMore."
    assert [(r.text, r.reason) for r in removed] == [("Ria Holm | 18:00 UK time, Saturday, 25 April 2009", "blog post stamp")]


def test_background_is_told_by_lines_that_stand_alone():
    memory = ("I got my degree at the river college on 10 May 1996 and the wall was already cracked.",
              [("10 May 1996", "1996-05-10", "day")])
    docs = [make_doc(f"{i}.txt", [BREACH, memory], f"2026-02-0{4 + i}") for i in range(4)]
    assert not any(e.background for e in summarize(docs))


def test_a_line_starts_after_the_credit_byline_and_dateline_it_opens_on():
    wire = ("By Ines Marlow and Tobias Renk LORNHOLT, Feb 3 (Reuters) - Floodwater breached the river wall "
            "at Lornholt, forcing 400 families from their homes.", [("Feb 3", "2026-02-03", "day")])
    docs = [make_doc("a.txt", [wire], "2026-02-03"), make_doc("b.txt", [wire], "2026-02-04")]
    [event] = summarize(docs)
    assert event.summary == ("Floodwater breached the river wall at Lornholt, forcing 400 families from their homes.",)
    # every span still points into its document, at the line shown
    for evidence in event.evidence:
        doc = {d.id: d for d in docs}[evidence.document]
        assert doc.text[evidence.start:evidence.end] == event.summary[0]


def test_a_dash_inside_a_sentence_is_not_a_dateline():
    line = ("BP - the pumps' maker - said the wall at Lornholt failed on Tuesday after the storm surge.",
            [("on Tuesday", "2026-02-03", "day")])
    docs = [make_doc("a.txt", [line], "2026-02-04"), make_doc("b.txt", [line], "2026-02-05")]
    [event] = summarize(docs)
    assert event.summary == (line[0],)


def test_offers_to_the_reader_never_become_lines():
    promo = ("Get the Flood Desk briefing delivered to your inbox every morning from Tuesday.",
             [("Tuesday", "2026-02-03", "day")])
    docs = [make_doc("a.txt", [promo], "2026-02-04"), make_doc("b.txt", [promo], "2026-02-05"),
            make_doc("c.txt", [BREACH], "2026-02-04")]
    assert [e.summary for e in summarize(docs)] == [(BREACH[0],)]


def test_a_photo_caption_with_weekday_date_and_place_loses_to_the_report():
    caption = ("A rescuer carries a child from a flooded house Tuesday Feb. 3, 2026 in Lornholt, Westmark.",
               [("Tuesday Feb. 3, 2026", "2026-02-03", "day")])
    docs = [make_doc("a.txt", [caption], "2026-02-04"), make_doc("b.txt", [caption], "2026-02-05"),
            make_doc("c.txt", [BREACH], "2026-02-04")]
    [event] = summarize(docs, TimelineConfig(sentences_per_date=1))
    assert event.summary == (BREACH[0],)


def test_a_headline_glued_before_the_lead_is_cut_but_a_letter_or_a_name_is_not():
    from storyline.timeline.candidates import lead_in_cut

    def shown(text):
        doc = Document(id="a", source="a", text=text)
        cut = lead_in_cut(doc, Sentence(0, len(text)))
        return text[cut.start:cut.end]

    glued = "Lornholt wall to be rebuilt The river wall at Lornholt breached on Tuesday, forcing 400 families out."
    assert shown(glued) == "The river wall at Lornholt breached on Tuesday, forcing 400 families out."
    caption = "Engineers inspect the pumps at Lornholt A 40-metre stretch of the wall gave way on Tuesday night."
    assert shown(caption) == "A 40-metre stretch of the wall gave way on Tuesday night."
    for whole in ("The council, known locally as Plan A in the valley, met in The Hague on Tuesday to decide.",
                  "Residents said \"the wall The council built is too low\" when it breached on Tuesday night."):
        assert shown(whole) == whole


def test_an_outlet_dateline_in_plain_case_and_a_live_page_dash_are_cut():
    from storyline.timeline.candidates import lead_in_cut

    def shown(text):
        cut = lead_in_cut(Document(id="a", source="a", text=text), Sentence(0, len(text)))
        return text[cut.start:]

    assert shown("Lornholt, Westmark (CNN) -- The river wall breached on Tuesday, forcing 400 families out.") \
        == "The river wall breached on Tuesday, forcing 400 families out."
    assert shown("-- Two pumps failed at the Lornholt station on Tuesday night, the council said.") \
        == "Two pumps failed at the Lornholt station on Tuesday night, the council said."
    # a name and an aside between dashes are the sentence itself
    whole = "Mayor Ilse Brandt -- who lives by the wall -- said on Tuesday that it would be rebuilt."
    assert shown(whole) == whole


def test_a_dateline_is_cut_where_the_sentence_starts_not_only_at_the_top_of_the_text():
    from storyline.timeline.candidates import lead_in_cut

    text = "Wall breach in Lornholt\nLornholt, Westmark (CNN) -- The river wall breached on Tuesday, forcing 400 out."
    start = text.index("Lornholt, Westmark")
    cut = lead_in_cut(Document(id="a", source="a", text=text), Sentence(start, len(text)))
    assert text[cut.start:] == "The river wall breached on Tuesday, forcing 400 out."


def test_live_page_stamps_a_photo_credit_and_a_bare_outlet_credit_are_cut():
    from storyline.timeline.candidates import lead_in_cut

    def shown(text):
        cut = lead_in_cut(Document(id="a", source="a", text=text), Sentence(0, len(text)))
        return text[cut.start:]

    report = "Two pumps failed at the Lornholt station on Tuesday night, the council said."
    for stamped in (f"(Update 3 p.m. Lornholt, 8 a.m. ET) {report}", f"-- (Update 4 p.m. Lornholt) {report}",
                    f"February 3, 2026 | By Ilse Brandt, CNN {report}", f"(CNN) - {report}"):
        assert shown(stamped) == report
    aside = "(The council, which meets on Tuesdays, said the pumps would be replaced by spring.)"
    assert shown(aside) == aside


def test_a_caption_glued_before_a_pronoun_or_up_to_is_cut():
    from storyline.timeline.candidates import lead_in_cut

    def shown(text):
        cut = lead_in_cut(Document(id="a", source="a", text=text), Sentence(0, len(text)))
        return text[cut.start:]

    assert shown("Lornholt flood: your stories Wednesday 4 February It is feared hundreds lost their homes.") \
        == "It is feared hundreds lost their homes."
    assert shown("Volunteers fill sandbags by the river Up to 400 soldiers will reach Lornholt by Monday.") \
        == "Up to 400 soldiers will reach Lornholt by Monday."
