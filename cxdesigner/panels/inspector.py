"""The inspector: every field of the selected touchpoints, applied as you type through the undo stack."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import repeat
from operator import attrgetter, eq
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..document import Document, Selection
from ..document.commands import AddChannelCommand, Command, MacroCommand, change_text
from ..i18n import _, ngettext, number, quote
from ..model import Change, CXError, Touchpoint, untouched, vocab
from ..qtcommands import UndoStack, push
from .connection_form import ConnectionForm
from .edits import discrete, update_command
from .widgets import (
    MIXED,
    QuietLabel,
    ReflowGrid,
    ScaleSelector,
    TextListEditor,
    WeightSlider,
    bold,
    error_label,
    fit_form_rows,
    follow_project,
    format_tags,
    parse_tags,
    plain_label,
    set_line_text,
    set_plain_text,
    shorten,
    show_error,
    signed,
    text_box,
)

# Item data of the channel combo's last entry: not a channel, the way to make one.
_ADD_CHANNEL = "\x00add-channel"
# Typing these alone is the start of a number, not a mistake worth a red message.
_NUMBER_PREFIXES = {"-", "+", ".", ",", "−"}
# Fields set by dragging a slider or spinning a number: like typing, a run of steps is one undo step.
# Every other widget (buttons, boxes, combos, lists) makes a deliberate change that stays its own step.
_DRAGGED = {"emotional_weight"}


def _number(text: str, integer: bool) -> Any:
    """What the user typed in a number field: None when empty, a number, or the text itself.

    Text that is no number goes to the model as it is, so the model's own message explains the refusal.
    """
    text = text.strip().replace("−", "-")
    if not text:
        return None
    candidate = text.replace(",", ".")
    try:
        return int(candidate)
    except ValueError:
        pass
    try:
        value = float(candidate)
    except ValueError:
        return text
    return int(value) if integer and value.is_integer() else value


def _format_number(value: Any) -> str:
    if value is None or value is MIXED:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


class InspectorWidget(QWidget):
    """All fields of the selected cards; with several cards, an edit applies to every one as one undo step."""

    # Esc in a field: the window gives the keyboard back to the map (Alt+Enter there brought it here).
    map_requested = Signal()

    def __init__(
        self,
        doc: Document,
        undo_stack: UndoStack,
        selection: Selection,
        lang: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.undo_stack = undo_stack
        self.selection = selection
        self.lang = lang or doc.lang
        self.ids: tuple[str, ...] = ()
        # Set while the inspector writes values into its own widgets: their signals are not edits.
        self._refreshing = False
        # The cards a refresh shows, looked up once for every field it shows (None outside one).
        self._refreshed_cards: list[Touchpoint] | None = None
        # The field whose edit is being pushed: the change event must not rewrite what the user types.
        self._editing_field: str | None = None
        self._error_field: str | None = None
        self._shows: dict[str, Callable[[Any], None]] = {}
        # Fields whose widget holds the user's own typing: never rewritten by the echo of their edit.
        self._typed: set[str] = set()
        self._fields: dict[str, QWidget] = {}
        self._mixed = _("(several values)")

        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.setSpacing(4)
        self.header = plain_label("", self, wrap=True)
        bold(self.header)
        self.placement = plain_label("", self, wrap=True)
        self.error_label = error_label(self)
        outer.addWidget(self.header)
        outer.addWidget(self.placement)
        outer.addWidget(self.error_label)

        self.pages = QStackedWidget(self)
        self.empty_label = QuietLabel("", self.pages)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.pages.addWidget(self.empty_label)
        self.scroll = QScrollArea(self)
        self.scroll.setAccessibleName(_("Touchpoint details"))
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.form = QWidget()
        self.scroll.setWidget(self.form)
        self.pages.addWidget(self.scroll)
        self._connection_form: ConnectionForm | None = None
        # Whether the shown journey had no card when the empty page last said so (see _empty_page_follows).
        self._journey_empty = False
        self._forms: list[QFormLayout] = []
        outer.addWidget(self.pages, 1)
        # The form (some 60 widgets: 8 ms to make, 5 more to polish in a shown dock) is on the page a
        # selection shows; a project opens with none, so it is made when a card is first selected.
        self._form_made = False

        follow_project(self, doc.project, self._on_changes)
        selection.subscribe(self._on_selection)
        self.destroyed.connect(lambda *_, s=selection, f=self._on_selection: s.unsubscribe(f))
        self.set_touchpoints(selection.touchpoint_ids)

    def focus_first_field(self) -> bool:
        """Put the keyboard in the first field of what is shown (a card's title, a connection's label)."""
        if self.ids:
            field = self.fields["title"]
        elif self._selected_connections():
            field = self.connection_form.label_edit
        else:
            return False
        field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if isinstance(field, QLineEdit):
            field.selectAll()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # A field leaves Esc to its parent (a line, a text box, a list); an open list or completer takes it first.
        if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.map_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    @property
    def connection_form(self) -> ConnectionForm:
        """The selected connections' page, made when a connection is first selected (like the card's form)."""
        if self._connection_form is None:
            self._connection_form = ConnectionForm(self.doc, self._push, self.pages)
            self.pages.addWidget(self._connection_form)
            # Fitted to the dock's width with the card's forms (labels above their fields when narrow).
            self._forms.append(self._connection_form.form)
            self._fit_rows()
        return self._connection_form

    def _make_form(self) -> None:
        if self._form_made:
            return
        self._form_made = True
        body = QVBoxLayout(self.form)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(8)
        body.addWidget(self._basics())
        body.addWidget(self._customers_view())
        body.addWidget(self._measures())
        body.addWidget(self._list_group("pain_points", _("Pain points"), _("Add a pain point…")))
        body.addWidget(self._list_group("opportunities", _("Opportunities"), _("Add an opportunity…")))
        body.addWidget(self._ownership())
        body.addWidget(self._sub_journey())
        body.addWidget(self._evidence_and_notes())
        body.addStretch(1)
        self._fit_rows()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_rows()

    def _fit_rows(self) -> None:
        fit_form_rows(self._forms, self.width())

    @property
    def fields(self) -> dict[str, QWidget]:
        """The form's editing widgets by field (the form is made now if no card was selected yet)."""
        self._make_form()
        return self._fields

    @property
    def word_boxes(self) -> dict[str, QCheckBox]:
        """The emotion words' check boxes by word key."""
        self._make_form()
        return self._word_boxes

    @property
    def gap_label(self) -> QLabel:
        self._make_form()
        return self._gap_label

    @property
    def new_sub_button(self) -> QPushButton:
        self._make_form()
        return self._new_sub_button

    # -- building the form -------------------------------------------------------------------------
    def _form(self, box: QGroupBox) -> QFormLayout:
        form = QFormLayout(box)
        self._forms.append(form)
        # Spanish labels are long: let a label go above its field rather than squeeze or clip it.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return form

    def _line(self, field: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(field)
        # textChanged, not textEdited: the field's own Ctrl+Z changes the text too and must reach the model.
        # Text the inspector sets itself is ignored through the _refreshing guard in edit_field.
        edit.textChanged.connect(lambda text, f=field: self.edit_field(f, text))
        self._shows[field] = lambda v, e=edit: set_line_text(e, v, self._mixed, placeholder)
        self._fields[field] = edit
        self._typed.add(field)
        return edit

    def _text(self, field: str, lines: int = 3) -> QPlainTextEdit:
        box = text_box(lines)
        box.setObjectName(field)
        box.textChanged.connect(lambda f=field, b=box: self._refreshing or self.edit_field(f, b.toPlainText()))
        self._shows[field] = lambda v, b=box: set_plain_text(b, v, self._mixed)
        self._fields[field] = box
        self._typed.add(field)
        return box

    def _scale(
        self,
        field: str,
        values: Sequence[int],
        labels: Callable[[int], str] = str,
        tips: Callable[[int], str] | None = None,
    ) -> ScaleSelector:
        scale = ScaleSelector(values, _("Not set"), labels, tips)
        scale.setObjectName(field)
        scale.value_chosen.connect(lambda v, f=field: self.edit_field(f, v))
        self._shows[field] = scale.set_value
        self._fields[field] = scale
        return scale

    def _number(self, field: str, integer: bool, hint: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(field)
        edit.setToolTip(hint)

        def typed(text: str, f: str = field) -> None:
            if text.strip() in _NUMBER_PREFIXES:
                return
            self.edit_field(f, _number(text, integer))

        def show(value: Any, e: QLineEdit = edit) -> None:
            # "85.0" and "85" are the same score: leave what the user typed alone.
            current = _number(e.text(), integer)
            if value is not MIXED and current == value and not isinstance(current, str):
                e.setPlaceholderText(_("not set"))
                return
            set_line_text(e, value if value is MIXED else _format_number(value), self._mixed, _("not set"))

        edit.textChanged.connect(typed)
        # Leaving a field with a refused value puts the card's value back; the message stays to say why.
        edit.editingFinished.connect(lambda f=field: self._error_field == f and self._show_field(f))
        self._shows[field] = show
        self._fields[field] = edit
        self._typed.add(field)
        return edit

    def _combo(self, field: str, terms: dict[str, vocab.Term], none_text: str | None) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(field)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(10)
        combo.setPlaceholderText(self._mixed)
        if none_text is not None:
            combo.addItem(none_text, "")
        for key, term in terms.items():
            combo.addItem(term.label(self.lang), key)
        combo.activated.connect(lambda index, f=field, c=combo: self.edit_field(f, c.itemData(index)))
        self._shows[field] = lambda v, c=combo: c.setCurrentIndex(-1 if v is MIXED else c.findData(v))
        self._fields[field] = combo
        return combo

    def _basics(self) -> QGroupBox:
        box = QGroupBox(_("Basics"))
        form = self._form(box)
        form.addRow(_("Title"), self._line("title"))
        form.addRow(_("Description"), self._text("description"))
        form.addRow(_("Tags"), self._tags())
        form.addRow(_("Votes"), self._votes())
        mot = QCheckBox(_("Moment of truth"))
        mot.setObjectName("moment_of_truth")
        mot.setToolTip(_("A moment that decides whether the customer stays or leaves"))
        mot.clicked.connect(lambda *_: self.edit_field("moment_of_truth", mot.checkState() == Qt.CheckState.Checked))
        self._shows["moment_of_truth"] = lambda v: self._set_check(mot, v)
        self._fields["moment_of_truth"] = mot
        form.addRow(mot)
        return box

    def _tags(self) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName("tags")
        placeholder = _("comma, separated")
        edit.setPlaceholderText(placeholder)
        edit.textChanged.connect(lambda text: self.edit_field("tags", parse_tags(text)))

        def show(value: Any) -> None:
            # "a, " and "a" are the same tags: leave the user's half-typed comma alone.
            if value is not MIXED and parse_tags(edit.text()) == tuple(value):
                edit.setPlaceholderText(placeholder)
                return
            set_line_text(edit, value if value is MIXED else format_tags(value), self._mixed, placeholder)

        self._shows["tags"] = show
        self._fields["tags"] = edit
        self._typed.add("tags")
        return edit

    def _votes(self) -> QLabel:
        # Dots come from voting sessions (and the map's quick votes): shown here, cast on the map.
        label = QLabel()
        label.setObjectName("votes")
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setToolTip(_("Dots from voting sessions whose results are shown; vote on the map"))
        self._shows["votes"] = lambda v: label.setText(self._mixed if v is MIXED else str(v))
        self._fields["votes"] = label
        return label

    def _customers_view(self) -> QGroupBox:
        box = QGroupBox(_("Customer's view"))
        form = self._form(box)
        exp = self._text("expectation")
        exp.setPlaceholderText(_("What the customer expects"))
        form.addRow(_("Expectation"), exp)
        form.addRow(_("Experience"), self._text("experience"))
        emotion = self._scale("emotion", range(-3, 4), signed, self._emotion_tip)
        emotion.setToolTip(_("How the customer feels, from −3 (very bad) to +3 (very good)"))
        form.addRow(_("Emotion"), emotion)
        # These two are wide: their labels go above them so they get the whole width of the dock.
        form.addRow(plain_label(_("Emotion words")))
        form.addRow(self._emotion_words())
        form.addRow(plain_label(_("Rational / emotional weight")))
        form.addRow(self._weight())
        return box

    def _emotion_tip(self, value: int) -> str:
        return f"{signed(value)}  {vocab.emotion_label(value, self.lang)}"

    def show_emotion_labels(self) -> None:
        """The emotion buttons' tips name the scale's steps anew (Preferences ▸ emotion scale)."""
        if not self._form_made:
            return  # a form made later names them as they are then
        scale = self.fields["emotion"]
        assert isinstance(scale, ScaleSelector)
        scale.set_tips(self._emotion_tip)

    def _emotion_words(self) -> QWidget:
        # vocab lists Plutchik's wheel by family (milder, basic, stronger): one family per row when
        # the dock is wide enough, in the same order in fewer columns when it is not.
        holder = ReflowGrid(3)
        holder.setObjectName("emotion_words")
        self._word_boxes: dict[str, QCheckBox] = {}
        for key in vocab.EMOTION_WORDS:
            check = QCheckBox(vocab.label(vocab.EMOTION_WORDS, key, self.lang))
            check.setObjectName(f"emotion_word_{key}")
            check.clicked.connect(
                lambda *_, k=key, c=check: self._toggle_word(k, c.checkState() == Qt.CheckState.Checked)
            )
            self._word_boxes[key] = check
            holder.add(check)

        def show(value: Any) -> None:
            for key, check in self._word_boxes.items():
                if value is MIXED:
                    cards = self.cards()
                    have = sum(key in tp.emotion_words for tp in cards)
                    state = self._state(have == len(cards), have == 0)
                else:
                    state = self._state(key in value, key not in value)
                check.setTristate(state == Qt.CheckState.PartiallyChecked)
                check.setCheckState(state)

        self._shows["emotion_words"] = show
        self._fields["emotion_words"] = holder
        return holder

    def _weight(self) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        row = QHBoxLayout()
        row.setSpacing(4)
        slider = WeightSlider()
        slider.setObjectName("emotional_weight_slider")
        slider.setAccessibleName(_("Rational / emotional weight"))
        slider.setSingleStep(5)
        slider.setPageStep(25)
        spin = QSpinBox()
        spin.setObjectName("emotional_weight")
        spin.setRange(-1, 100)
        spin.setSuffix(" %")
        spin.setAccessibleName(_("Rational / emotional weight, in per cent"))
        spin.setToolTip(_("0 % = a purely rational step, 100 % = a purely emotional one"))
        slider.setToolTip(spin.toolTip())
        row.addWidget(plain_label(_("Rational")))
        row.addWidget(slider, 1)
        row.addWidget(plain_label(_("Emotional")))
        column.addLayout(row)
        column.addWidget(spin, 0, Qt.AlignmentFlag.AlignLeft)
        slider.valueChanged.connect(lambda v: self._refreshing or self.edit_field("emotional_weight", v))
        spin.valueChanged.connect(
            lambda v: self._refreshing or self.edit_field("emotional_weight", None if v < 0 else v)
        )

        def show(value: Any) -> None:
            special = self._mixed if value is MIXED else _("not set")
            if spin.specialValueText() != special:
                spin.setSpecialValueText(special)
                spin.updateGeometry()  # its width depends on that text; Qt does not re-ask by itself
            target = -1 if value is MIXED or value is None else value
            if spin.value() != target:
                spin.setValue(target)
            # Not set is not "half and half": the slider shows the words, not a handle in the middle.
            slider.show_value(None if target < 0 else target, special)

        self._shows["emotional_weight"] = show
        self._fields["emotional_weight"] = spin
        self._fields["emotional_weight_slider"] = slider
        return holder

    def _measures(self) -> QGroupBox:
        box = QGroupBox(_("Measures"))
        form = self._form(box)
        importance = self._scale("importance", range(1, 6))
        importance.setToolTip(_("How much this step matters to the customer, 1 to 5"))
        form.addRow(_("Importance"), importance)
        satisfaction = self._scale("satisfaction", range(1, 6))
        satisfaction.setToolTip(_("How well the organisation performs here, 1 to 5"))
        form.addRow(_("Satisfaction"), satisfaction)
        self._gap_label = plain_label("")
        self._gap_label.setToolTip(_("Importance minus satisfaction: where it is large, improve first"))
        form.addRow(_("Gap"), self._gap_label)
        form.addRow(
            _("CSAT (0–100)"), self._number("csat", False, _("Customer satisfaction score, 0 to 100"))
        )
        form.addRow(_("NPS (−100 to 100)"), self._number("nps", True, _("Net promoter score, −100 to 100")))
        effort = self._scale("effort", range(1, 8))
        effort.setToolTip(_("Customer effort, 1 (easy) to 7 (very hard)"))
        form.addRow(_("Effort (1–7)"), effort)
        return box

    def _list_group(self, field: str, title: str, add_placeholder: str) -> QGroupBox:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        editor = TextListEditor(add_placeholder, _("(several values: what you add goes to every selected card)"))
        editor.setObjectName(field)
        editor.list.setAccessibleName(title)
        editor.item_added.connect(lambda text, f=field: self._edit_each(f, lambda old: (*old, text)))
        editor.item_removed.connect(lambda row, f=field: self._edit_list(f, row, None))
        editor.item_edited.connect(lambda row, text, f=field: self._edit_list(f, row, text))
        layout.addWidget(editor)
        self._shows[field] = editor.set_items
        self._fields[field] = editor
        return box

    def _ownership(self) -> QGroupBox:
        box = QGroupBox(_("Ownership"))
        form = self._form(box)
        channel = QComboBox()
        channel.setObjectName("channel")
        channel.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        channel.setMinimumContentsLength(10)
        channel.setPlaceholderText(self._mixed)
        channel.activated.connect(self._channel_chosen)
        self._fields["channel"] = channel
        self._shows["channel"] = lambda v: channel.setCurrentIndex(-1 if v is MIXED else channel.findData(v))
        self._fill_channels()
        form.addRow(_("Channel"), channel)
        not_set = _("(not set)")
        form.addRow(_("Category"), self._combo("category", vocab.CATEGORIES, not_set))
        form.addRow(_("Contact"), self._combo("contact", vocab.CONTACT_TYPES, not_set))
        form.addRow(_("Owned by"), self._combo("ownership", vocab.OWNERSHIP, not_set))
        form.addRow(_("Team"), self._line("owner_team", _("Who looks after this step")))
        return box

    def _sub_journey(self) -> QGroupBox:
        """The journey the card opens (a sub-journey), and a button that makes one from the card."""
        box = QGroupBox(_("Sub-journey"))
        form = self._form(box)
        combo = QComboBox()
        combo.setObjectName("sub_journey")
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(10)
        combo.setPlaceholderText(self._mixed)
        combo.setToolTip(_("Another journey of the project that this step expands into"))
        combo.activated.connect(lambda i: self.edit_field("sub_journey", combo.itemData(i) or None))
        self._fields["sub_journey"] = combo
        self._shows["sub_journey"] = self._show_sub_journey
        form.addRow(_("Opens journey"), combo)
        self._new_sub_button = QPushButton(_("New sub-journey"))
        self._new_sub_button.setToolTip(_("Make a journey named after this card, with the default stages and lanes"))
        self._new_sub_button.clicked.connect(self.new_sub_journey)
        form.addRow("", self._new_sub_button)
        return box

    def _show_sub_journey(self, value: Any) -> None:
        combo: QComboBox = self.fields["sub_journey"]  # type: ignore[assignment]
        project = self.doc.project
        cards = self.cards() if self._refreshed_cards is None else self._refreshed_cards
        own = {tp.journey_id for tp in cards}
        combo.clear()
        combo.addItem(_("None"), "")
        for j in project.journeys():
            if j.id not in own:
                combo.addItem(j.name if len(j.name) <= 80 else j.name[:79] + "…", j.id)
        if value is MIXED:
            combo.setCurrentIndex(-1)
        elif value and value not in project.tables["journey"]:
            combo.addItem(_("(deleted journey: link broken)"), value)
            combo.setCurrentIndex(combo.count() - 1)
        else:
            combo.setCurrentIndex(max(0, combo.findData(value or "")))
        self._new_sub_button.setEnabled(len(self.ids) == 1)

    def new_sub_journey(self) -> bool:
        """A new journey named after the one selected card, which the card then opens (one undo step)."""
        from ..document.subjourney import NewSubJourneyCommand

        cards = self.cards()
        if len(cards) != 1:
            return False
        return self._push("sub_journey", NewSubJourneyCommand(cards[0].id, lang=self.doc.lang))

    def _evidence_and_notes(self) -> QGroupBox:
        box = QGroupBox(_("Evidence and notes"))
        form = self._form(box)
        evidence = self._combo("evidence", vocab.EVIDENCE, None)
        evidence.setToolTip(_("Observed with customers, assumed by the team, or proposed for the future"))
        form.addRow(_("Evidence"), evidence)
        form.addRow(_("Notes"), self._text("notes", 4))
        return box

    def _fill_channels(self) -> None:
        combo: QComboBox = self.fields["channel"]  # type: ignore[assignment]
        combo.clear()
        combo.addItem(_("(not set)"), "")
        for key, term in vocab.CHANNELS.items():
            combo.addItem(term.label(self.lang), key)
        for ch in self.doc.project.channels():
            combo.addItem(ch.name, ch.id)
        combo.insertSeparator(combo.count())
        combo.addItem(_("Add channel…"), _ADD_CHANNEL)

    # -- what is shown -------------------------------------------------------------------------------
    def cards(self) -> list[Touchpoint]:
        """The selected touchpoints that still exist."""
        table = self.doc.project.tables["touchpoint"]
        return [table[i] for i in self.ids if i in table]

    def set_touchpoints(self, ids: Sequence[str]) -> None:
        """Show these cards (the shared Selection calls this; tests may too)."""
        self.ids = tuple(ids)
        self._error_field = None
        show_error(self.error_label, "")
        self.refresh()

    def value(self, field: str, cards: Sequence[Touchpoint] | None = None) -> Any:
        """The selected cards' (or ``cards``') common value of ``field``, or MIXED."""
        cards = self.cards() if cards is None else cards
        if not cards:
            return MIXED
        # Read until two cards differ: with 5,000 selected (Ctrl+A) a set of every card's value for
        # each of 26 fields was most of a third of a second; cards rarely agree for long.
        if field == "votes":
            shown_votes = self.doc.project.shown_votes
            values: Iterator[Any] = (shown_votes(tp.id) for tp in cards)
        else:
            values = map(attrgetter(field), cards)
        first = next(values)
        return first if all(map(eq, values, repeat(first))) else MIXED

    def refresh(self, skip: str | None = None) -> None:
        """Show the model's values; ``skip`` names the field the user is typing in."""
        cards = self.cards()
        self.ids = tuple(tp.id for tp in cards)
        if cards:
            # Made on its hidden page: shown with the page, like a form made with the inspector.
            self._make_form()
        conns = () if cards else self._selected_connections()
        if conns:
            self.connection_form.set_connections(conns)
            self.pages.setCurrentWidget(self.connection_form)
        else:
            self.pages.setCurrentIndex(1 if cards else 0)
        self._show_header(cards)
        if not cards:
            return
        self._refreshing = True
        self._refreshed_cards = cards
        try:
            for field, show in self._shows.items():
                if field != skip or field not in self._typed:
                    show(self.value(field, cards))
            gap = self.value("gap", cards)
            self._gap_label.setText(self._mixed if gap is MIXED else ("–" if gap is None else signed(gap)))
        finally:
            self._refreshing = False
            self._refreshed_cards = None

    def _show_field(self, field: str) -> None:
        self._refreshing = True
        try:
            self._shows[field](self.value(field))
        finally:
            self._refreshing = False

    def _show_header(self, cards: list[Touchpoint]) -> None:
        project = self.doc.project
        if not cards and (conns := self._selected_connections()):
            # A selected connection has its own page: it said "No touchpoint selected", as if nothing were.
            header, line = self._connection_texts(conns)
            self.header.setText(header)
            self.placement.setText(line)
            self.placement.setVisible(True)
        elif not cards:
            header, line = self._empty_texts()
            self.header.setText(header)
            self.empty_label.setText(line)
            self.placement.setVisible(False)
        elif len(cards) == 1:
            tp = cards[0]
            self.header.setText(shorten(tp.title) or _("(untitled touchpoint)"))
            stage = project.tables["stage"].get(tp.stage_id)
            lane = project.tables["lane"].get(tp.lane_id)
            self.placement.setText(
                _("Stage: {stage} · Lane: {lane}").format(
                    stage=stage.display_name(self.lang) if stage else "?",
                    lane=lane.display_name(self.lang) if lane else "?",
                )
            )
            self.placement.setVisible(True)
        else:
            n = len(cards)
            self.header.setText(ngettext("{n} touchpoint selected", "{n} touchpoints selected", n).format(n=number(n)))
            self.placement.setText(_("An edit applies to every selected touchpoint."))
            self.placement.setVisible(True)

    def _selected_connections(self) -> tuple[str, ...]:
        table = self.doc.project.tables["connection"]
        return tuple(c for c in self.selection.connection_ids if c in table)

    def _connection_texts(self, ids: Sequence[str]) -> tuple[str, str]:
        """The header and the line above the connection page: which connection, or how many."""
        project = self.doc.project
        if len(ids) == 1:
            conn = project.tables["connection"][ids[0]]
            cards = project.tables["touchpoint"]
            source, target = cards.get(conn.source_id), cards.get(conn.target_id)
            return _("Connection"), _("From {source} to {target}").format(
                source=quote(shorten(source.title) if source else "?"),
                target=quote(shorten(target.title) if target else "?"),
            )
        n = len(ids)
        return ngettext("{n} connection selected", "{n} connections selected", n).format(n=number(n)), _(
            "An edit applies to every selected connection."
        )

    def _empty_texts(self) -> tuple[str, str]:
        """The header and the line shown with nothing selected: what to do next (a journey without cards
        says how to type the first one; it said to select a touchpoint when there was none)."""
        project = self.doc.project
        journey = self.selection.journey_id
        self._journey_empty = journey is not None and not project.has_placed_cards(journey)
        if self._journey_empty and not self.doc.read_only:
            return _("No touchpoints yet"), _(
                "Click a cell on the map and type a touchpoint: Enter keeps it and starts the next one below, "
                "Tab goes on to the next stage. Help ▸ Keyboard Shortcuts (Ctrl+/) lists every key."
            )
        return _("No touchpoint selected"), _("Select a touchpoint on the map or in the table to see its details.")

    @staticmethod
    def _state(all_: bool, none: bool) -> Qt.CheckState:
        if all_:
            return Qt.CheckState.Checked
        return Qt.CheckState.Unchecked if none else Qt.CheckState.PartiallyChecked

    @staticmethod
    def _set_check(check: QCheckBox, value: Any) -> None:
        # Tri-state only while the cards disagree; one click then sets them all.
        check.setTristate(value is MIXED)
        check.setCheckState(
            Qt.CheckState.PartiallyChecked
            if value is MIXED
            else (Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
        )

    # -- following the project and the selection -------------------------------------------------------
    def _on_selection(self, selection: Selection, source: object) -> None:
        if selection.touchpoint_ids != self.ids:
            self.set_touchpoints(selection.touchpoint_ids)
        elif not self.ids:  # another connection or journey: the page says what is there
            self.refresh()

    def _on_changes(self, changes: Sequence[Change]) -> None:
        followed = ("channel", "touchpoint", "connection", "stage", "lane", "vote", "vote_session", "journey")
        if untouched(changes, followed):
            return  # (a selected connection's page follows connections and cards)
        ids = set(self.ids)
        channels = any(ch.kind == "channel" for ch in changes)
        if channels and self._form_made:  # a form made later lists the channels as they are then
            self._refreshing = True
            try:
                self._fill_channels()
            finally:
                self._refreshing = False
        relevant = channels or any(
            (ch.kind == "touchpoint" and ch.id in ids)
            or ch.kind in ("stage", "lane", "vote", "vote_session", "journey")
            for ch in changes
        )
        if relevant:
            self.refresh(skip=self._editing_field)
        elif not self.ids and self._empty_page_follows(changes):
            self.refresh()

    def _empty_page_follows(self, changes: Sequence[Change]) -> bool:
        """Whether ``changes`` alter the page shown with no card selected: a selected connection edited or its
        ends renamed, the first card of an empty journey typed, a card deleted (the last one?).

        Asked at every edit made with nothing selected (each card typed in a row), so it answers without
        reading the map: a 5,000-card journey read at each of them took 9 ms a card.
        """
        selected = self.selection.connection_ids
        if selected:
            table = self.doc.project.tables["connection"]
            ends = {e for c in selected if c in table for e in (table[c].source_id, table[c].target_id)}
            return any(
                (ch.kind == "connection" and ch.id in selected) or (ch.kind == "touchpoint" and ch.id in ends)
                for ch in changes
            )
        # Added to an empty journey: no longer empty; removed from one that was not: perhaps its last card.
        return any(
            ch.kind == "touchpoint" and (ch.old is None) != (ch.new is None) and (ch.old is None) == self._journey_empty
            for ch in changes
        )

    # -- editing ----------------------------------------------------------------------------------
    def edit_field(self, field: str, value: Any) -> bool:
        """Set ``field`` to ``value`` on every selected card as one command; False (and a message) if refused."""
        if self._refreshing:
            return False
        cards = self.cards()
        if not cards:
            return False
        if all(getattr(tp, field) == value for tp in cards):
            self._clear_error(field)
            return True
        cmd = update_command("touchpoint", [tp.id for tp in cards], {field: value})
        return self._push(field, cmd if field in self._typed or field in _DRAGGED else discrete(cmd))

    def _edit_each(self, field: str, change: Callable[[tuple[str, ...]], tuple[str, ...]]) -> bool:
        """Change a list field card by card (adding a pain point to cards that each have their own)."""
        cards = self.cards()
        news = {tp.id: tuple(change(getattr(tp, field))) for tp in cards}
        if not cards or all(news[tp.id] == getattr(tp, field) for tp in cards):
            return False
        if len(set(news.values())) == 1:
            return self.edit_field(field, next(iter(news.values())))
        commands = [update_command("touchpoint", i, {field: v}) for i, v in news.items()]
        return self._push(field, MacroCommand(change_text([field]), commands))

    def _edit_list(self, field: str, row: int, text: str | None) -> None:
        items = self.value(field)
        if items is MIXED or not 0 <= row < len(items):
            return
        items = list(items)
        if text is None or not text.strip():
            del items[row]
        else:
            items[row] = text
        self.edit_field(field, tuple(items))

    def _toggle_word(self, key: str, on: bool) -> None:
        def change(words: tuple[str, ...]) -> tuple[str, ...]:
            chosen = (set(words) | {key}) if on else (set(words) - {key})
            return tuple(k for k in vocab.EMOTION_WORDS if k in chosen)

        if not self._edit_each("emotion_words", change):
            self._show_field("emotion_words")

    def _channel_chosen(self, index: int) -> None:
        combo: QComboBox = self.fields["channel"]  # type: ignore[assignment]
        key = combo.itemData(index)
        if key != _ADD_CHANNEL:
            self.edit_field("channel", key)
            return
        name = (self.ask_channel_name() or "").strip()
        cards = self.cards()
        if not name or not cards:
            self._show_field("channel")
            return
        existing = [c for c in self.doc.project.channels() if c.name.casefold() == name.casefold()]
        if existing:
            self.edit_field("channel", existing[0].id)
            return
        add = AddChannelCommand(name)
        # The new channel and its use on the cards are one undo step.
        use = update_command("touchpoint", [tp.id for tp in cards], {"channel": add.channel_id})
        cmd = MacroCommand(add.description, [add, use])  # "Add channel “Kiosk”", in the interface language
        if not self._push("channel", cmd):
            self._show_field("channel")

    def ask_channel_name(self) -> str | None:
        """Ask for a new channel's name (tests override this instead of driving a dialog)."""
        name, ok = QInputDialog.getText(self, _("Add channel"), _("Name of the new channel:"))
        return name if ok else None

    def _push(self, field: str, cmd: Command) -> bool:
        self._editing_field = field
        try:
            push(self.undo_stack, self.doc, cmd)
        except CXError as exc:
            # The model refused: say why next to the form, change nothing.
            self._error_field = field
            show_error(self.error_label, str(exc))
            return False
        finally:
            self._editing_field = None
        self._clear_error(field)
        return True

    def _clear_error(self, field: str) -> None:
        if self._error_field in (None, field):
            self._error_field = None
            show_error(self.error_label, "")


__all__ = ["InspectorWidget"]
