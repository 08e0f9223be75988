"""The demo's pictures, drawn with Pillow so that nothing is fetched: walls of sticky notes."""

import random
from io import BytesIO

from PIL import Image, ImageDraw

NOTE_COLOURS = ["#FDE68A", "#FBCFE8", "#BBF7D0", "#BFDBFE", "#F2A541", "#FFFBF5"]


def note_wall(seed: int, width: int = 1200, height: int = 900) -> bytes:
    """A PNG of coloured sticky notes around a light bulb: the house's visual signature."""
    rng = random.Random(seed)  # noqa: S311 (places notes in a picture, nothing secret)
    canvas = Image.new("RGB", (width, height), "#FFFBF5")
    draw = ImageDraw.Draw(canvas)
    for _ in range(14):
        size = rng.randint(130, 220)
        note = Image.new("RGBA", (size, size), rng.choice(NOTE_COLOURS))
        note_draw = ImageDraw.Draw(note)
        for line in range(3):
            y = 30 + line * 28
            note_draw.line((20, y, size - rng.randint(30, 70), y), fill="#1B1F3B", width=4)
        rotated = note.rotate(rng.uniform(-9, 9), expand=True, fillcolor=(0, 0, 0, 0))
        canvas.paste(rotated, (rng.randint(0, width - size), rng.randint(0, height - size)), rotated)
    centre_x, centre_y = width // 2, height // 2
    draw.ellipse(
        (centre_x - 110, centre_y - 150, centre_x + 110, centre_y + 70),
        fill="#FFB000",
        outline="#1B1F3B",
        width=8,
    )
    draw.rectangle((centre_x - 55, centre_y + 70, centre_x + 55, centre_y + 140), fill="#3A36C9")
    buffer = BytesIO()
    canvas.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
