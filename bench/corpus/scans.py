"""Turn text certificates into scans: rasterise, tilt, add noise, wrap the image in a PDF."""

from __future__ import annotations

import random
from pathlib import Path

import pypdfium2
from PIL import Image, ImageFilter


def scan(source: Path, target: Path, rng: random.Random, *, dpi: int = 200) -> None:
    """Write a scanned-looking, text-less copy of a PDF."""
    pdf = pypdfium2.PdfDocument(str(source))
    images = []
    try:
        for page in pdf:
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            angle = rng.uniform(-1.2, 1.2)
            image = image.rotate(
                angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255
            )
            if rng.random() < 0.5:
                image = image.filter(ImageFilter.GaussianBlur(radius=0.6))
            pixels = image.load()
            width, height = image.size
            for _ in range(width * height // 400):
                x, y = rng.randrange(width), rng.randrange(height)
                pixels[x, y] = rng.choice((0, 90, 180))
            images.append(image)
    finally:
        pdf.close()
    images[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
