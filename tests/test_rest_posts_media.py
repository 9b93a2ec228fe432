"""Attachment helpers: URLs, image sizes, srcset and the description's image link."""

from __future__ import annotations

from wpcompat.rest import media
from wpcompat.util.phpserial import dumps

HOME = "http://example.test"
OPTIONS = {"thumbnail_size_w": "150", "thumbnail_size_h": "150", "medium_size_w": "300", "medium_size_h": "300"}
IMAGE = {"ID": 5, "post_mime_type": "image/jpeg", "post_title": "Photo", "guid": f"{HOME}/old.jpg"}
IMAGE_META = {
    "_wp_attached_file": "2024/05/photo.jpg",
    "_wp_attachment_image_alt": "<b>Une</b> photo",
    "_wp_attachment_metadata": dumps({
        "width": 1200, "height": 800, "file": "2024/05/photo.jpg",
        "sizes": {
            "medium": {"file": "photo-300x200.jpg", "width": 300, "height": 200, "mime-type": "image/jpeg"},
            "thumbnail": {"file": "photo-150x150.jpg", "width": 150, "height": 150, "mime-type": "image/jpeg"},
            "large": {"file": "photo-1024x683.jpg", "width": 1024, "height": 683, "mime-type": "image/jpeg"},
        },
    }),
}


def test_constrain_dimensions_rounds_like_php() -> None:
    assert media.constrain_dimensions(1200, 800, 300, 300) == (300, 200)
    assert media.constrain_dimensions(465, 700, 177, 177) == (118, 177)
    assert media.constrain_dimensions(400, 300) == (400, 300)


def test_urls_and_sizes() -> None:
    assert media.attachment_url(IMAGE, IMAGE_META, HOME) == f"{HOME}/wp-content/uploads/2024/05/photo.jpg"
    assert media.attachment_url(IMAGE, {}, HOME) == f"{HOME}/old.jpg"
    assert media.image_src(IMAGE, IMAGE_META, "medium", HOME, OPTIONS) == (
        f"{HOME}/wp-content/uploads/2024/05/photo-300x200.jpg", 300, 200)
    assert media.image_src(IMAGE, IMAGE_META, "full", HOME, OPTIONS) == (
        f"{HOME}/wp-content/uploads/2024/05/photo.jpg", 1200, 800)


def test_srcset_lists_same_ratio_sizes_src_first() -> None:
    html = media.attachment_image(IMAGE, IMAGE_META, "medium", HOME, OPTIONS)
    base = f"{HOME}/wp-content/uploads/2024/05/"
    assert html == (
        f'<img width="300" height="200" src="{base}photo-300x200.jpg" class="attachment-medium size-medium" '
        f'alt="Une photo" decoding="async" loading="lazy" srcset="{base}photo-300x200.jpg 300w, '
        f'{base}photo-1024x683.jpg 1024w, {base}photo.jpg 1200w" sizes="(max-width: 300px) 100vw, 300px" />'
    )


def test_files_that_are_not_images_link_with_their_title() -> None:
    pdf = {"ID": 6, "post_mime_type": "application/pdf", "post_title": "Rapport", "guid": ""}
    meta = {"_wp_attached_file": "2024/05/rapport.pdf"}
    assert media.is_image(pdf, meta) is False
    assert media.attachment_link(pdf, meta, HOME, OPTIONS) == (
        f"<a href='{HOME}/wp-content/uploads/2024/05/rapport.pdf'>Rapport</a>")
    assert media.media_details(pdf, meta, HOME, OPTIONS) == {}


def test_audio_and_video_attachments_prepend_a_player_images_a_link() -> None:
    audio = {"ID": 9, "post_mime_type": "audio/wav", "post_title": "Silence", "guid": ""}
    assert media.attachment_player(audio, {"_wp_attached_file": "2024/05/s.wav"}, HOME) == (
        "audio", (("src", f"{HOME}/wp-content/uploads/2024/05/s.wav"),))
    video = {"ID": 10, "post_mime_type": "video/mp4", "post_title": "Clip", "guid": ""}
    video_meta = {"_wp_attached_file": "c.mp4", "_wp_attachment_metadata": dumps({"width": 320, "height": 180})}
    assert media.attachment_player(video, video_meta, HOME) == (
        "video", (("src", f"{HOME}/wp-content/uploads/c.mp4"), ("width", "320"), ("height", "180")))
    assert media.attachment_player(IMAGE, IMAGE_META, HOME) is None
    # no attached file: not an audio attachment for WordPress either
    assert media.attachment_player(audio, {}, HOME) is None
