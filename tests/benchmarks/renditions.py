"""Renditions benchmark: this project's pipeline against a naive Pillow pipeline and pyvips.

The same 24-megapixel photo-like JPEG, the default widths in JPEG and WebP, and the same encoder
settings for all three, so that only the decoding and resizing strategies differ. Each approach
runs in a fresh process per round (for a clean peak-memory reading), interleaved round by round.
In that process it first renders another photo of the same size, untimed, as a rendition worker
has done before nearly every photo it renders: the timed render then measures rendering, not the
process's first touch of its memory (which took our first render about 80 ms longer than the
next, pyvips' about 40 ms).

    python -m tests.benchmarks.renditions [--quick]
"""

import io
import multiprocessing
import resource
import sys
import time

from tests.benchmarks.common import Result, median_ms, standalone

WIDTHS = (320, 640, 1024, 1600, 2048)
FORMATS = ("jpeg", "webp")
JPEG_QUALITY, WEBP_QUALITY, WEBP_METHOD = 82, 80, 2


def make_source(width: int, height: int, *, seed: int = 1) -> bytes:
    from tests.images import encode, photo_like

    return encode(photo_like(width, height, seed=seed), "JPEG", quality=90)


def ours(data: bytes) -> int:
    from media.pipeline import RenditionSpec, render

    specs = [RenditionSpec(f"w{w}.{f}", f, w) for w in WIDTHS for f in FORMATS]
    return sum(len(r.data) for r in render(data, specs, max_pixels=200_000_000))


def _pillow_save(image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "jpeg":
        image.convert("RGB").save(
            buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True
        )
    else:
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
    return buffer.getvalue()


def naive(data: bytes) -> int:
    """What most CMSs do: open, transpose and resize from full size for every rendition."""
    from PIL import Image, ImageOps

    total = 0
    for width in WIDTHS:
        for fmt in FORMATS:
            image = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
            height = round(image.height * width / image.width)
            total += len(_pillow_save(image.resize((width, height), Image.LANCZOS), fmt))
    return total


def pyvips_best(data: bytes) -> int:
    """pyvips at its best: one shrink-on-load decode, then thumbnail_image for each size, and
    the renditions encoded side by side in the same thread pool as ours (libvips releases the
    GIL), so that the two differ only in their image libraries."""
    from concurrent.futures import ThreadPoolExecutor

    import pyvips

    from media.pipeline import RENDER_THREADS

    base = pyvips.Image.thumbnail_buffer(data, max(WIDTHS), size="down").copy_memory()

    def encode(job: tuple[int, str]) -> int:
        width, fmt = job
        image = base.thumbnail_image(width) if width < base.width else base
        if fmt == "jpeg":
            return len(image.jpegsave_buffer(Q=JPEG_QUALITY, optimize_coding=True, interlace=True))
        return len(image.webpsave_buffer(Q=WEBP_QUALITY, effort=WEBP_METHOD))

    jobs = [(width, fmt) for width in sorted(WIDTHS, reverse=True) for fmt in FORMATS]
    with ThreadPoolExecutor(max_workers=RENDER_THREADS) as pool:
        return sum(pool.map(encode, jobs))


APPROACHES = {"ours": ours, "naive": naive, "pyvips": pyvips_best}


def _child(name: str, data: bytes, warm_up: bytes, queue) -> None:
    function = APPROACHES[name]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    function(warm_up)
    started = time.perf_counter()
    output = function(data)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put((elapsed, (peak - before) / 1024, output))


def _run_once(name: str, data: bytes, warm_up: bytes) -> tuple[float, float, int]:
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_child, args=(name, data, warm_up, queue))
    process.start()
    result = queue.get(timeout=600)
    process.join()
    return result


def _pyvips_available() -> bool:
    try:
        import pyvips  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def run(*, quick: bool = False) -> list[Result]:
    size = (2400, 1600) if quick else (6000, 4000)
    rounds = 1 if quick else 5
    data, warm_up = make_source(*size), make_source(*size, seed=2)
    names = ["ours", "naive"] + (["pyvips"] if _pyvips_available() else [])
    # Warm the imports in this process so that forked children start equal (Pillow loads its
    # format plugins on first use; libvips registers all of its own on import).
    import PIL.Image

    PIL.Image.init()

    import media.pipeline  # noqa: F401

    if "pyvips" in names:
        import pyvips  # noqa: F401
    times = {name: [] for name in names}
    memory = {name: 0.0 for name in names}
    for _ in range(rounds):
        for name in names:
            elapsed, peak_mb, _ = _run_once(name, data, warm_up)
            times[name].append(elapsed)
            memory[name] = max(memory[name], peak_mb)
    ms = {name: median_ms(samples) for name, samples in times.items()}
    for name in names:
        low, high = min(times[name]) * 1000, max(times[name]) * 1000
        print(
            f"{name:>7}: {ms[name]:8.1f} ms median of {rounds} (min {low:.1f}, max {high:.1f}), "
            f"peak +{memory[name]:.0f} MB",
            file=sys.stderr,
        )
    results = _results(ms, memory, megapixels=size[0] * size[1] / 1e6)
    if "pyvips" in names:
        # Round by round (each round runs both side by side): how far the ratio moves.
        ratios = [a / b for a, b in zip(times["ours"], times["pyvips"], strict=True)]
        results[-1].figure += f" (ratio min {min(ratios):.2f}, max {max(ratios):.2f})"
    return results


def _results(ms: dict, memory: dict, *, megapixels: float) -> list[Result]:
    results = [
        Result(
            case=f"renditions: ours vs naive Pillow ({megapixels:.0f} MP, 10 renditions)",
            figure=f"{ms['ours']:.0f} ms, peak +{memory['ours']:.0f} MB",
            baseline=f"naive {ms['naive']:.0f} ms, peak +{memory['naive']:.0f} MB",
            ratio=ms["naive"] / ms["ours"],
            target=">= 5.0",
            met=None,
        )
    ]
    if "pyvips" in ms:
        results.append(
            Result(
                case=f"renditions: ours vs pyvips ({megapixels:.0f} MP, 10 renditions)",
                figure=f"{ms['ours']:.0f} ms",
                baseline=f"pyvips {ms['pyvips']:.0f} ms, peak +{memory['pyvips']:.0f} MB",
                ratio=ms["ours"] / ms["pyvips"],
                target="<= 1.0",
                met=None,
            )
        )
    for result in results:
        result.met = Result.check(result.ratio, result.target)
    return results


if __name__ == "__main__":
    standalone("renditions", run, __doc__)
