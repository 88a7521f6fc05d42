"""Where a crop falls: the largest box of a given shape inside a photo, around its focal point."""


def crop_size(size: tuple[int, int], aspect: float) -> tuple[int, int]:
    """(width, height) of the largest box of `aspect` (width / height) inside `size`, at least
    1 px a side."""
    width, height = size
    if width / height > aspect:
        return max(1, round(height * aspect)), height
    return width, max(1, round(width / aspect))


def crop_box(
    size: tuple[int, int], aspect: float, focal_point: tuple[float, float]
) -> tuple[int, int, int, int]:
    """The largest box of the given aspect ratio, centred on the focal point, inside the image."""
    width, height = size
    crop_width, crop_height = crop_size(size, aspect)
    left = min(max(round(focal_point[0] * width - crop_width / 2), 0), width - crop_width)
    top = min(max(round(focal_point[1] * height - crop_height / 2), 0), height - crop_height)
    return left, top, left + crop_width, top + crop_height
