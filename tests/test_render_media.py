"""[gallery] and srcset/sizes on content images, rendered from a media library (no database).

The library here is built from rows + metadata the way the REST layer builds it
(wpcompat.rest.media_library.LoadedAttachment), so the image markup is the real one.
"""

from __future__ import annotations

from wpcompat.render import pipelines
from wpcompat.render.media_shortcodes import MediaContext, MediaState, add_query_arg_instance
from wpcompat.rest.media_library import LoadedAttachment, LoadedLibrary
from wpcompat.util.phpserial import dumps

SITE = "http://example.test"
OPTIONS = {"thumbnail_size_w": "150", "thumbnail_size_h": "150", "medium_size_w": "300", "medium_size_h": "300"}


def _image(attachment_id: int, name: str, width: int, height: int, *, excerpt: str = "", alt: str = "",
           parent: int = 10, menu_order: int = 0) -> LoadedAttachment:
    scale = min(300 / width, 300 / height)  # the medium size fits in 300x300
    medium_w, medium_h = round(width * scale), round(height * scale)
    data = {
        "width": width, "height": height, "file": f"2026/12/{name}.png",
        "sizes": {
            "medium": {"file": f"{name}-{medium_w}x{medium_h}.png", "width": medium_w, "height": medium_h, "mime-type": "image/png"},
            "thumbnail": {"file": f"{name}-150x150.png", "width": 150, "height": 150, "mime-type": "image/png"},
        },
    }
    row = {"ID": attachment_id, "post_type": "attachment", "post_status": "inherit", "post_mime_type": "image/png",
           "post_excerpt": excerpt, "post_title": name, "post_parent": parent, "menu_order": menu_order,
           "post_date": f"2026-12-0{attachment_id % 9 + 1} 10:00:00", "guid": ""}
    meta = {"_wp_attached_file": f"2026/12/{name}.png", "_wp_attachment_metadata": dumps(data),
            "_wp_attachment_image_alt": alt}
    return LoadedAttachment(row, meta, SITE, OPTIONS, f"{SITE}/?attachment_id={attachment_id}")


def _library() -> LoadedLibrary:
    images = [
        _image(6, "harbour", 320, 240, excerpt="The harbour -- <em>dawn</em>", alt="Harbour", menu_order=2),
        _image(7, "mountains", 360, 240, excerpt="Katoomba & co", menu_order=1),
        _image(8, "plain", 400, 600),
    ]
    return LoadedLibrary({a.id: a for a in images}, {10: [6, 7, 8]})


def _render(text: str, state: MediaState | None = None, post_id: int = 10) -> str:
    context = MediaContext(_library(), post_id, state or MediaState())
    return pipelines.the_content_with(text, context)


def test_gallery_by_ids_keeps_the_written_order_and_numbers_instances() -> None:
    html = _render('[gallery ids="7,6"]\n\n[gallery ids="8" size="medium" link="file"]')
    assert html.index("gallery-1-7") < html.index("gallery-1-6")
    assert "<div id='gallery-1' class='gallery galleryid-10 gallery-columns-3 gallery-size-thumbnail'>" in html
    assert "<div id='gallery-2' class='gallery galleryid-10 gallery-columns-3 gallery-size-medium'>" in html
    # thumbnail links to the attachment page; link=file to the file itself
    assert f"<a href='{SITE}/?attachment_id=7'><img width=\"150\" height=\"150\"" in html
    assert f"<a href='{SITE}/wp-content/uploads/2026/12/plain.png'>" in html
    # the caption is texturized and the image described by it; no caption, no aria
    assert "id='gallery-1-6'>\n\t\t\t\tThe harbour &#8212; <em>dawn</em>\n\t\t\t\t</figcaption>" in html
    assert "Katoomba &#038; co" in html
    assert 'aria-describedby="gallery-2-8"' not in html
    assert "<div class='gallery-icon portrait'>" in html and "<div class='gallery-icon landscape'>" in html


def test_gallery_without_ids_shows_the_posts_images_by_menu_order() -> None:
    html = _render('[gallery exclude="8" columns="2"]')
    assert "gallery-columns-2" in html
    assert html.index("gallery-1-7") < html.index("gallery-1-6")
    assert "plain-150x150" not in html


def test_gallery_counter_runs_across_posts_of_one_request() -> None:
    state = MediaState()
    _render("[gallery]", state)
    assert "id='gallery-2'" in _render("[gallery]", state, post_id=10)
    # a post with no images renders nothing, but still takes a number
    assert _render("[gallery]", state, post_id=99).strip() == ""
    assert "id='gallery-4'" in _render("[gallery]", state)


def test_gallery_medium_images_get_srcset_from_metadata() -> None:
    html = _render('[gallery ids="6" size="medium" link="none"]')
    assert (f'<img width="300" height="225" src="{SITE}/wp-content/uploads/2026/12/harbour-300x225.png" '
            'class="attachment-medium size-medium" alt="Harbour" decoding="async" loading="lazy" '
            'aria-describedby="gallery-1-6" '
            f'srcset="{SITE}/wp-content/uploads/2026/12/harbour-300x225.png 300w, '
            f'{SITE}/wp-content/uploads/2026/12/harbour.png 320w" sizes="(max-width: 300px) 100vw, 300px" />') in html


def test_gallery_without_a_library_renders_nothing() -> None:
    assert pipelines.the_content("[gallery ids=\"6\"]").strip() == ""


def test_content_image_with_wp_image_class_gets_srcset_and_sizes() -> None:
    img = (f'<img class="size-full wp-image-6" src="{SITE}/wp-content/uploads/2026/12/harbour.png" alt="" '
           'width="320" height="240" />')
    html = _render(img)
    assert html == (
        f'<p><img decoding="async" loading="lazy" class="size-full wp-image-6" '
        f'src="{SITE}/wp-content/uploads/2026/12/harbour.png" alt="" width="320" height="240" '
        f'srcset="{SITE}/wp-content/uploads/2026/12/harbour.png 320w, '
        f'{SITE}/wp-content/uploads/2026/12/harbour-300x225.png 300w" sizes="(max-width: 320px) 100vw, 320px" /></p>\n'
    )


def test_content_image_without_size_attributes_takes_them_from_the_named_file() -> None:
    img = f'<img class="wp-image-6" src="{SITE}/wp-content/uploads/2026/12/harbour-300x225.png" alt="" />'
    assert 'sizes="(max-width: 300px) 100vw, 300px"' in _render(img)


def test_content_image_of_an_unknown_attachment_or_other_ratio_is_left_alone() -> None:
    unknown = f'<img class="wp-image-99" src="{SITE}/x.png" width="10" height="10" />'
    assert "srcset" not in _render(unknown)
    # the 150x150 crop has no other size of the same ratio: no srcset
    thumb = f'<img class="wp-image-6" src="{SITE}/wp-content/uploads/2026/12/harbour-150x150.png" width="150" height="150" />'
    assert "srcset" not in _render(thumb)


def _audio(attachment_id: int, *, parent: int = 10) -> LoadedAttachment:
    data = {"length_formatted": "0:01", "fileformat": "wav", "artist": "", "sizes": {}}
    row = {"ID": attachment_id, "post_type": "attachment", "post_status": "inherit", "post_mime_type": "audio/wav",
           "post_excerpt": "One second", "post_title": "Silence", "post_content": "", "post_parent": parent,
           "menu_order": 0, "post_date": "2026-12-01 10:00:00", "guid": ""}
    meta = {"_wp_attached_file": "2026/12/silence.wav", "_wp_attachment_metadata": dumps(data)}
    return LoadedAttachment(row, meta, SITE, OPTIONS, f"{SITE}/?attachment_id={attachment_id}")


def _render_with(text: str, library: LoadedLibrary, state: MediaState, post_id: int = 11) -> str:
    return pipelines.the_content_with(text, MediaContext(library, post_id, state))


def test_audio_and_video_players_are_numbered_per_request() -> None:
    state = MediaState()
    empty = LoadedLibrary({}, {})
    first = _render_with(f'[audio src="{SITE}/a.wav"]\n\n[video src="{SITE}/clip.mp4" width="640" height="360"]',
                         empty, state)
    ie_audio = "<!--[if lt IE 9]><script>document.createElement('audio');</script><![endif]-->\n"
    assert first.startswith(ie_audio + '<audio class="wp-audio-shortcode" id="audio-11-1" preload="none" '
                            'style="width: 100%;" controls="controls"><source type="audio/wav" '
                            f'src="{SITE}/a.wav?_=1" /><a href="{SITE}/a.wav">{SITE}/a.wav</a></audio>')
    assert ('<div style="width: 640px;" class="wp-video"><!--[if lt IE 9]><script>document.createElement(\'video\');'
            '</script><![endif]-->\n<video class="wp-video-shortcode" id="video-11-1" width="640" height="360" '
            f'preload="metadata" controls="controls"><source type="video/mp4" src="{SITE}/clip.mp4?_=1" />') in first
    second = _render_with(f'[audio mp3="{SITE}/b.mp3" loop="on"]', empty, state, post_id=12)
    assert "IE 9" not in second
    assert 'id="audio-12-2" loop="1" preload="none"' in second
    assert f'<source type="audio/mpeg" src="{SITE}/b.mp3?_=2" />' in second
    # mp3= must name a .mp3 file (a query string after it does not): no file, no player, yet numbered
    assert _render_with(f'[audio mp3="{SITE}/b.mp3?x=1"]', empty, state).strip() == ""
    # a src with a query string is not a known audio file either: a plain link (still numbered)
    third = _render_with(f'[audio src="{SITE}/c.ogg?v=2"]', empty, state)
    assert third == f'<a class="wp-embedded-audio" href="{SITE}/c.ogg?v=2">{SITE}/c.ogg?v=2</a>\n'
    assert 'id="audio-11-5"' in _render_with(f'[audio src="{SITE}/c.ogg"]', empty, state)


def test_instance_query_argument() -> None:
    assert add_query_arg_instance("http://x.test/a.mp3", 3) == "http://x.test/a.mp3?_=3"
    assert add_query_arg_instance("http://x.test/a.mp3?v=2&_=9#t", 4) == "http://x.test/a.mp3?v=2&_=4#t"


def test_players_fall_back_to_a_link_or_the_posts_attachment() -> None:
    state = MediaState()
    assert _render_with(f'[audio src="{SITE}/notes.txt"]', LoadedLibrary({}, {}), state) == (
        f'<a class="wp-embedded-audio" href="{SITE}/notes.txt">{SITE}/notes.txt</a>\n'
    )
    library = LoadedLibrary({9: _audio(9)}, {11: [9]})
    html = _render_with("[audio]", library, state)
    assert f'src="{SITE}/wp-content/uploads/2026/12/silence.wav?_=2"' in html
    # a post with nothing attached: no player
    assert _render_with("[video]", library, state, post_id=50).strip() == ""


def test_playlist_lists_tracks_as_json_and_links() -> None:
    library = LoadedLibrary({9: _audio(9)}, {})
    html = _render_with('[playlist ids="9"]', library, MediaState())
    assert html.startswith("<!--[if lt IE 9]><script>document.createElement('audio');</script><![endif]-->\n\t"
                           '<div class="wp-playlist wp-audio-playlist wp-playlist-light">\n\t\t\t'
                           '<div class="wp-playlist-current-item"></div>\n\t\t<audio controls="controls" '
                           'preload="none" width="640"\n\t\t\t></audio>')
    assert f"<li><a href='{SITE}/wp-content/uploads/2026/12/silence.wav'>Silence</a></li>\t</ol>" in html
    assert ('"tracks":[{"src":"http:\\/\\/example.test\\/wp-content\\/uploads\\/2026\\/12\\/silence.wav",'
            '"type":"audio\\/wav","title":"Silence","caption":"One second","description":"",'
            '"meta":{"length_formatted":"0:01"},"image":{"src":"http:\\/\\/example.test\\/wp-includes\\/images'
            '\\/media\\/audio.png","width":48,"height":64}') in html
    assert '{"type":"audio","tracklist":true,"tracknumbers":true,"images":true,"artists":true,' in html


def test_attachment_description_starts_with_its_player() -> None:
    html = pipelines.the_content_with("", MediaContext(LoadedLibrary({}, {}), 9, MediaState()),
                                      attachment_player=("audio", (("src", f"{SITE}/s.wav"),)))
    assert html.startswith("<!--[if lt IE 9]>") and 'id="audio-9-1"' in html and html.endswith("</audio>\n")


def test_render_session_keeps_wpautop_late_and_media_numbering() -> None:
    session = pipelines.RenderSession()
    context = MediaContext(_library(), 10, MediaState())
    session.content("<!-- wp:paragraph -->\n<p>x</p>\n<!-- /wp:paragraph -->")
    html = session.content('<p>Three images:</p>\n[gallery ids="6"]', media=context)
    # after a post with blocks, wpautop runs last and wraps the lone shortcode's output in <p>
    assert html.startswith("<p>Three images:</p>\n<p><div id='gallery-1' ")


def test_ids_beyond_64_bits_in_content_name_no_attachment() -> None:
    # An author may write any number in a gallery or an image class; the ids gathered for the
    # one attachment query are bounded like absint() so the database can bind them.
    from wpcompat.rest.media_library import _referenced

    huge = "9" * 30
    ids, parents = _referenced(f'[gallery ids="{huge},5"][gallery id="{huge}"]<img class="wp-image-{huge}">', 3)
    assert ids == {2**63 - 1, 5} and parents == {2**63 - 1}
