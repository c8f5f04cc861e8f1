"""The Python API (docs/api.md): create, open and script projects without a window."""

from __future__ import annotations

from pathlib import Path

from . import clock, resources
from .document import Document
from .document.commands import blank_journey_entities
from .i18n import LANGUAGES, _, quote, translation
from .model import Change, Project, ProjectInfo, ValidationError, jsonformat


def template_project(template: str | None = None, lang: str = "en", name: str | None = None) -> Project:
    """A fresh project: from a bundled or user template, or blank with one default journey."""
    if template:
        text, path = _template_text(template, lang)
        try:
            loaded = jsonformat.loads(text)
        except ValidationError as exc:
            if path is None:
                raise
            if str(exc).endswith("."):  # a sentence that says what to do already ("Update CX Designer…")
                raise ValidationError(f"{path}: {exc}") from None
            # A file in the templates folder (copied there, or cut short): which one, and the way out.
            raise ValidationError(
                _("{path}: {reason}; delete this template, or save the journey as a template again").format(
                    path=path, reason=exc
                )
            ) from None
        project = jsonformat.with_new_ids(loaded)
        info = project.info.evolve(created=clock.stamp("%Y-%m-%d"), lang=lang)
        if name:
            info = info.evolve(name=name)
        project.apply([Change("project", "project", project.info, info)], notify=False)
        return project
    project = Project(ProjectInfo(name=name or "", lang=lang, created=clock.stamp("%Y-%m-%d")))
    default = translation(lang).gettext("Customer journey")
    project.apply([Change(e.KIND, e.id, None, e) for e in blank_journey_entities(default, lang)], notify=False)
    return project


TEMPLATE_MAX_BYTES = 20 << 20  # a user's template is one journey: far less than a whole project


def _template_text(template: str, lang: str) -> tuple[str, Path | None]:
    """The template's JSON text, and the user's file it came from (None for a bundled one)."""
    path = Path(template)
    # exists, not is_file: a pipe or a folder there is refused as what it is (read_bytes says so), not
    # called "no template of that name"; stat never waits on a pipe.
    if path.suffix == ".json" and path.exists():
        return _user_template_text(path), path
    user = user_templates_dir() / f"{template}.json"
    if user.exists():
        return _user_template_text(user), user
    try:
        return resources.template_text(template, lang), None
    except KeyError:
        names = ", ".join(resources.template_names())
        raise ValidationError(f"There is no template named {quote(template)} (bundled templates: {names})") from None


def _user_template_text(path: Path) -> str:
    """A template file's text; one that is too large or not text is refused with a message, not a traceback."""
    from .storage import regular

    data = regular.read_bytes(path, TEMPLATE_MAX_BYTES, "template")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(_("{path}: damaged: it holds text that is not valid UTF-8.").format(path=path)) from None


def user_templates_dir() -> Path:
    from .storage import data_dir

    return data_dir() / "templates"


def new_project(path: str | Path | None = None, template: str | None = None, lang: str = "en") -> Document:
    """Create a project (blank or from a template); with ``path`` it is saved there at once."""
    if lang not in LANGUAGES:
        raise ValidationError(f"Unknown language {quote(lang)}: use {' or '.join(LANGUAGES)}")
    doc = Document.new(template_project(template, lang))
    if path is not None:
        try:
            _lock(doc, Path(path))
            doc.save_as(Path(path))
        except BaseException:
            doc.close()
            raise
    return doc


def open_project(path: str | Path, read_only: bool = False) -> Document:
    """Open a .cxd through the untrusted-file checks; edits go to a private working copy.

    Opening for writing locks the file: while another CX Designer has it open this raises
    :class:`~cxdesigner.storage.FileLockedError` (exit code 3), naming who and since when.
    In a read-only folder the file opens without a lock, with a note, and Save must go to Save As.
    """
    path = Path(path)
    if read_only:
        return Document.open(path, read_only=True)
    from . import filelock  # QtCore only: the lock is a QLockFile
    from .storage import safeopen

    # Refuse what is plainly not a project before a lock file is written beside it.
    safeopen.read_header(path)
    safeopen.check_side_files(path)
    lock, warning = filelock.acquire(path)
    try:
        doc = Document.open(path)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    doc.lock = lock
    if warning:
        doc.notes.append(warning)
        doc.save_as_only = filelock.no_lock_reason(path)
    return doc


def _lock(doc: Document, path: Path) -> None:
    """Make ``doc`` the holder of ``path``'s lock (refusing a file another CX Designer has open)."""
    from . import filelock

    lock, _warning = filelock.acquire(path)
    if doc.lock is not None:
        doc.lock.release()
    doc.lock = lock


SAMPLE_TEMPLATES = ("hotel", "online-purchase", "support-call")


def sample_project(lang: str = "en") -> Project:
    """The bundled sample: one project holding a journey from each bundled template."""
    entities = []
    info = None
    for position, name in enumerate(t for t in SAMPLE_TEMPLATES if t in resources.template_names()):
        part = template_project(name, lang)
        info = info or part.info
        for e in part.all_entities():
            if e.KIND == "journey" or e.KIND == "persona":
                e = e.evolve(position=position)
            # Channels and the holder of earlier votes keep their ids from template to template: one each.
            if e.KIND in ("channel", "participant") and any(x.id == e.id for x in entities):
                continue
            entities.append(e)
    project = Project()
    sample_name = translation(lang).gettext("CX Designer sample")
    project.load((info or ProjectInfo()).evolve(name=sample_name, lang=lang), entities)
    return project


def make_sample(path: str | Path, lang: str = "en") -> Path:
    """Write the sample project to ``path`` (what ``make run`` opens)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = Document.new(sample_project(lang))
    try:
        doc.save_as(path)
    finally:
        doc.close()
    return path
