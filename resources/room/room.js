// The room's phone page: join, add ideas, vote, rate. Plain JavaScript, no library, nothing from elsewhere.
// Everything shown is set with textContent (never as HTML). What the person types is kept on the phone
// (localStorage) until the laptop has it, so a sleeping phone or a lost connection loses nothing.
(function () {
  "use strict";

  var token = location.pathname.split("/")[1] || "";
  var base = "/" + token + "/";
  var storeKey = "cxd-room-" + token;
  var S = {};  // the phone strings in this phone's language
  var lang = pickLanguage();
  var saved = load();
  var ws = null;
  var retryTimer = null;
  var retryDelay = 1000;
  var TITLE_MAX = 200;  // characters of an idea (the textarea's maxlength and the server's MAX_TITLE)
  var SHARED_IDEAS = 100;  // everyone's newest ideas a phone lists (the server's SHARED_IDEAS)
  var room = null;
  var version = null;  // of the room's state this phone has; a patch says which version it follows
  var syncing = false;
  var drawing = false;
  var stagesShown = null;  // the stages the idea form's list was made from
  var mine = { dots: {}, ideas: [], rating: {} };
  var tab = saved.tab || "ideas";
  var ideaEmotion = saved.draft.emotion === undefined ? null : saved.draft.emotion;
  var rating = { emotion: null, importance: null, satisfaction: null };
  var ratingStep = null;
  var timerEnd = null;
  var flushTimer = null;

  function $(id) { return document.getElementById(id); }

  function pickLanguage() {
    var langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || "en"];
    for (var i = 0; i < langs.length; i++) {
      var l = String(langs[i]).toLowerCase();
      if (l.indexOf("es") === 0) { return "es"; }
      if (l.indexOf("en") === 0) { return "en"; }
    }
    return "en";
  }

  // -- what is kept on the phone ---------------------------------------------------------------------
  function load() {
    var data = null;
    try { data = JSON.parse(localStorage.getItem(storeKey) || "null"); } catch (e) { data = null; }
    data = data && typeof data === "object" ? data : {};
    data.draft = data.draft && typeof data.draft === "object" ? data.draft : {};
    data.outbox = Array.isArray(data.outbox) ? data.outbox : [];
    data.seq = typeof data.seq === "number" ? data.seq : 0;
    return data;
  }

  function keep() {
    try { localStorage.setItem(storeKey, JSON.stringify(saved)); } catch (e) { /* private mode: memory only */ }
  }

  function say(key, values) {
    var text = S[key] || key;
    if (values) {
      Object.keys(values).forEach(function (k) { text = text.split("{" + k + "}").join(String(values[k])); });
    }
    return text;
  }

  function show(el, yes) { el.hidden = !yes; }

  function clear(el) { while (el.firstChild) { el.removeChild(el.firstChild); } }

  function make(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    if (text !== undefined && text !== null) { el.textContent = text; }
    return el;
  }

  // -- start --------------------------------------------------------------------------------------
  function start() {
    document.documentElement.lang = lang;
    var all = document.querySelectorAll("[data-s]");
    for (var i = 0; i < all.length; i++) { all[i].textContent = say(all[i].getAttribute("data-s")); }
    document.title = say("page_title");
    $("name").value = saved.name || "";
    $("title").value = saved.draft.title || "";
    $("note").value = saved.draft.note || "";
    buildScale($("ideaemotion"), -3, 3, function () { return ideaEmotion; }, function (v) {
      ideaEmotion = ideaEmotion === v ? null : v;
      saved.draft.emotion = ideaEmotion;
      keep();
    });
    ["emotion", "importance", "satisfaction"].forEach(function (m) {
      var lo = m === "emotion" ? -3 : 1;
      var hi = m === "emotion" ? 3 : 5;
      buildScale($("rate-" + m), lo, hi, function () { return rating[m]; }, function (v) { rating[m] = v; });
    });
    $("joinform").addEventListener("submit", onJoin);
    $("ideaform").addEventListener("submit", onIdea);
    $("rateform").addEventListener("submit", onRate);
    $("title").placeholder = say("idea_title_hint");
    $("title").addEventListener("input", function () {
      saved.draft.title = $("title").value;
      keep();
      // Typing stops at the limit without a word from the browser: say why, and where the rest can go.
      var full = $("title").value.length >= TITLE_MAX;
      if (full || $("ideamsg").getAttribute("data-why")) {
        $("ideamsg").textContent = full ? say("idea_long", { n: TITLE_MAX }) : "";
        $("ideamsg").className = "note";
        if (full) { $("ideamsg").setAttribute("data-why", "1"); } else { $("ideamsg").removeAttribute("data-why"); }
      }
    });
    $("note").addEventListener("input", function () { saved.draft.note = $("note").value; keep(); });
    $("stagepick").addEventListener("change", function () { saved.draft.stage = $("stagepick").value; keep(); });
    var tabs = document.querySelectorAll("#tabs button");
    for (var t = 0; t < tabs.length; t++) {
      tabs[t].addEventListener("click", function (ev) { tab = ev.currentTarget.getAttribute("data-tab"); saved.tab = tab; keep(); render(); });
    }
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") { wake(); }
    });
    window.addEventListener("online", wake);
    window.addEventListener("pageshow", wake);
    setInterval(tickTimer, 250);
    show($("loading"), false);
    if (saved.key) { connect(); } else { showJoin(""); }
  }

  function showJoin(error) {
    show($("bar"), false);
    show($("room"), false);
    show($("ended"), false);
    show($("join"), true);
    $("joinerror").textContent = error || "";
    show($("joinerror"), !!error);
    $("joinbutton").disabled = false;
    $("joinbutton").textContent = say("join");
  }

  function showEnded(text) {
    show($("bar"), false);
    show($("room"), false);
    show($("join"), false);
    show($("ended"), true);
    $("endtext").textContent = text;
  }

  function onJoin(ev) {
    ev.preventDefault();
    var name = $("name").value.trim();
    var code = $("code").value.trim();
    if (!name) { $("name").focus(); return; }
    if (!/^[0-9]{4}$/.test(code)) { $("code").focus(); return; }
    saved.name = name;
    keep();
    $("joinbutton").disabled = true;
    $("joinbutton").textContent = say("joining");
    connect({ type: "join", name: name, code: code, lang: lang });
  }

  // -- the connection ---------------------------------------------------------------------------------
  function connect(joinMessage) {
    if (retryTimer) { clearTimeout(retryTimer); retryTimer = null; }
    if (ws && (ws.readyState === 0 || ws.readyState === 1)) { return; }
    var socket = new WebSocket("ws://" + location.host + base + "ws");
    ws = socket;
    version = null;
    syncing = false;
    socket.onopen = function () {
      retryDelay = 1000;
      socket.send(JSON.stringify(joinMessage || { type: "resume", key: saved.key, lang: lang }));
    };
    socket.onmessage = function (ev) {
      var msg;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      receive(msg);
    };
    socket.onclose = function () {
      if (ws !== socket) { return; }
      ws = null;
      setStatus(false);
      if (saved.key) { retryTimer = setTimeout(function () { connect(); }, retryDelay); }
      else if (!$("join").hidden) { $("joinbutton").disabled = false; $("joinbutton").textContent = say("join"); }
      retryDelay = Math.min(retryDelay * 2, 8000);
    };
  }

  function wake() {
    if (!saved.key) { return; }
    if (!ws || ws.readyState > 1) { retryDelay = 1000; connect(); return; }
    if (ws.readyState === 1) {
      // After sleeping a socket may look open but be dead: a ping answered shows it lives.
      var socket = ws;
      var answered = false;
      socket._pong = function () { answered = true; };
      try { socket.send('{"type":"ping"}'); } catch (e) { socket.close(); }
      setTimeout(function () { if (!answered && ws === socket) { socket.close(); } }, 4000);
    }
  }

  function setStatus(on) {
    var el = $("status");
    el.textContent = say(on ? "online" : "offline");
    el.className = on ? "status" : "status off";
  }

  function receive(msg) {
    if (msg.type === "pong") { if (ws && ws._pong) { ws._pong(); } return; }
    if (msg.type === "welcome") {
      saved.key = msg.key;
      saved.me = { id: msg.id, name: msg.name, colour: msg.colour };
      saved.seq = Math.max(saved.seq, msg.last_seq || 0);
      keep();
      $("code").value = "";
      show($("join"), false);
      show($("ended"), false);
      show($("bar"), true);
      show($("room"), true);
      $("me").textContent = say("you_are", { name: msg.name });
      var colour = /^#[0-9a-fA-F]{6}$/.test(msg.colour) ? msg.colour : "#888";
      $("swatch").style.backgroundColor = colour;
      // The dots on the cards in this voter's colour, as the projector's banner and map draw them: in the page's
      // blue, "your dots are the purple ones" did not hold on the phone.
      document.documentElement.style.setProperty("--mine", colour);
      setStatus(true);
      flush();
      return;
    }
    if (msg.type === "state") { room = msg.room; mine = msg.mine; version = msg.v; syncing = false; render(); return; }
    if (msg.type === "patch") { patched(msg); return; }
    if (msg.type === "ack") { settled(msg.seq, true, ""); return; }
    if (msg.type === "refused") {
      if (typeof msg.seq === "number") { settled(msg.seq, false, msg.reason); return; }
      refusedRoom(msg.reason);
      return;
    }
    if (msg.type === "closed") { forget(); showEnded(say("refused_closed")); }
  }

  // -- patches: after the whole state, only what changed -------------------------------------------------
  function patched(msg) {
    if (version === null) { return; }  // the whole state is on its way (it follows the welcome)
    if (msg.base !== version) {
      // A patch was missed: ask for the whole state once, and drop patches until it comes.
      if (!syncing && ws && ws.readyState === 1) { syncing = true; ws.send('{"type":"sync"}'); }
      return;
    }
    msg.ops.forEach(applyRoom);
    (msg.mine || []).forEach(applyMine);
    version = msg.v;
    soon();
  }

  function soon() {
    // Patches come several times a second while a room is busy: the page is drawn once per frame at most.
    if (drawing) { return; }
    drawing = true;
    (window.requestAnimationFrame || function (f) { setTimeout(f, 50); })(function () { drawing = false; render(); });
  }

  function put(list, item) {
    for (var i = 0; i < list.length; i++) { if (list[i].id === item.id) { list[i] = item; return; } }
    list.push(item);
  }

  function drop(list, id) {
    for (var i = list.length - 1; i >= 0; i--) { if (list[i].id === id) { list.splice(i, 1); } }
  }

  function applyRoom(op) {
    var name = op[0];
    if (name === "set") { room[op[1]] = op[2]; }
    else if (name === "vote") { room.vote = op[1]; }
    else if (name === "card+" && room.vote) { put(room.vote.cards, op[1]); }
    else if (name === "card-" && room.vote) { drop(room.vote.cards, op[1]); }
    else if (name === "ideas") { if (op[1] === null) { delete room.ideas; } else { room.ideas = op[1]; } }
    else if (name === "idea+" && room.ideas) {
      put(room.ideas, op[1]);
      if (room.ideas.length > SHARED_IDEAS) { room.ideas.splice(0, room.ideas.length - SHARED_IDEAS); }
    }
    else if (name === "idea-" && room.ideas) { drop(room.ideas, op[1]); }
  }

  function applyMine(op) {
    var name = op[0];
    if (name === "dots" || name === "rating" || name === "ideas") { mine[name] = op[1]; }
    else if (name === "idea+") { put(mine.ideas, op[1]); }
    else if (name === "idea-") { drop(mine.ideas, op[1]); }
  }

  function refusedRoom(reason) {
    if (reason === "code" || reason === "blocked" || reason === "full" || reason === "failed") {
      showJoin(say("refused_" + reason));
      return;
    }
    if (reason === "unknown") { forget(); showJoin(say("refused_unknown")); return; }
    forget();
    showEnded(say("refused_" + reason));
  }

  function forget() {
    // The room is over for this phone: its place goes, what was typed stays.
    saved.key = null;
    saved.outbox = [];
    keep();
    if (retryTimer) { clearTimeout(retryTimer); retryTimer = null; }
  }

  // -- sending ----------------------------------------------------------------------------------------
  function send(message) {
    saved.seq += 1;
    message.seq = saved.seq;
    saved.outbox.push(message);
    keep();
    flush();
    return message.seq;
  }

  function flush() {
    if (flushTimer) { clearTimeout(flushTimer); flushTimer = null; }
    if (!ws || ws.readyState !== 1) { return; }
    for (var i = 0; i < saved.outbox.length; i++) { ws.send(JSON.stringify(saved.outbox[i])); }
  }

  function settled(seq, ok, reason) {
    var message = null;
    for (var i = 0; i < saved.outbox.length; i++) {
      if (saved.outbox[i].seq === seq) { message = saved.outbox[i]; break; }
    }
    if (!ok && reason === "too_fast" && message) {
      if (!flushTimer) { flushTimer = setTimeout(flush, 1500); }
      return;
    }
    saved.outbox = saved.outbox.filter(function (m) { return m.seq !== seq; });
    keep();
    var kind = message ? message.type : null;
    var box = kind === "vote" ? $("votemsg") : kind === "rate" ? $("ratemsg") : kind === "idea" ? $("ideamsg") : null;
    // A dot counted keeps what the tap said (see vote): the answer comes a moment later and wiped it.
    if (box && !(ok && kind === "vote")) {
      box.textContent = ok ? (kind === "rate" ? say("rating_saved") : kind === "idea" ? say("added") : "") : say("refused_" + reason);
      box.className = ok ? "note" : "note bad";
    }
  }

  function onIdea(ev) {
    ev.preventDefault();
    var title = $("title").value.trim();
    if (!title) {
      $("ideamsg").textContent = say("idea_empty");
      $("ideamsg").className = "note bad";
      $("ideamsg").setAttribute("data-why", "1");
      $("title").focus();
      return;
    }
    var message = { type: "idea", title: title.slice(0, TITLE_MAX) };
    var stage = $("stagepick").value;
    if (stage) { message.stage = stage; }
    if (ideaEmotion !== null) { message.emotion = ideaEmotion; }
    var note = $("note").value.trim();
    if (note) { message.note = note.slice(0, 2000); }
    send(message);
    saved.draft = { stage: stage };
    ideaEmotion = null;
    keep();
    $("title").value = "";
    $("note").value = "";
    var online = ws && ws.readyState === 1;
    $("ideamsg").textContent = online ? "" : say("queued");
    $("ideamsg").className = "note";
    $("ideamsg").removeAttribute("data-why");
    render();
    $("title").focus();
  }

  function onRate(ev) {
    ev.preventDefault();
    if (!room || !room.step) { return; }
    var message = { type: "rate", step: room.step.id };
    var any = false;
    ["emotion", "importance", "satisfaction"].forEach(function (m) {
      if (rating[m] !== null) { message[m] = rating[m]; any = true; }
    });
    if (!any) { return; }
    send(message);
  }

  // A double tap is one intent, as a double click is on the laptop's map, and a bounce (a screen or a finger
  // reporting one tap twice) is none: a second tap on the same card's same button that comes sooner than a person
  // can see the first dot and answer it is not a second dot (nor a second dot taken back). The dot shows the moment
  // it is tapped (see vote), and a seen change takes a quarter of a second to answer; a double tap's second tap
  // and a bounce come sooner. The old guard (400 ms, a double tap's whole time) also swallowed a deliberate
  // second dot. The phone says which it was, either way.
  var REACTION_MS = 250;
  var lastVote = { key: "", at: 0 };

  function heldKey(ev) {
    // Enter held down on a dot's button repeats its click: one press is one dot, however long it is held.
    if (ev.repeat) { ev.preventDefault(); }
  }

  function myDots(cardId) {
    var n = (mine.dots[cardId] || 0) + (pendingVotes()[cardId] || 0);
    return Math.max(0, n);
  }

  function cardTitle(cardId) {
    var cards = room && room.vote ? room.vote.cards : [];
    for (var i = 0; i < cards.length; i++) { if (cards[i].id === cardId) { return cards[i].title; } }
    return "";
  }

  function vote(cardId, step) {
    var key = cardId + (step > 0 ? "+" : "-");
    var now = Date.now();
    var box = $("votemsg");
    if (lastVote.key === key && now - lastVote.at >= 0 && now - lastVote.at < REACTION_MS) {
      box.textContent = say(step > 0 ? "double_tap" : "double_tap_back");
      box.className = "note";
      return;
    }
    lastVote = { key: key, at: now };
    var had = myDots(cardId);
    send({ type: "vote", card: cardId, step: step });
    // A second dot on a card (or one of several taken back) is said in words, with the card: the dots on its
    // button are small, and the person who tapped twice on purpose sees both counted.
    var n = had + step;
    box.textContent = (step > 0 && n > 1) || (step < 0 && had > 1)
      ? say(n === 1 ? "dots_on_card_one" : "dots_on_card_other", { n: n, title: cardTitle(cardId) }) : "";
    box.className = "note";
    renderVote();  // the dot shows at once: a second tap is an answer to it, or it comes too soon to be one
  }

  // -- showing ----------------------------------------------------------------------------------------
  function buildScale(box, lo, hi, current, choose) {
    clear(box);
    for (var v = lo; v <= hi; v++) {
      var b = make("button", "", v > 0 && lo < 0 ? "+" + v : v < 0 ? "\u2212" + (-v) : String(v));
      b.type = "button";
      b.setAttribute("data-value", String(v));
      b.addEventListener("click", function (ev) {
        choose(parseInt(ev.currentTarget.getAttribute("data-value"), 10));
        markScale(box, current());
      });
      box.appendChild(b);
    }
    markScale(box, current());
  }

  function markScale(box, value) {
    var buttons = box.querySelectorAll("button");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(parseInt(buttons[i].getAttribute("data-value"), 10) === value));
    }
  }

  function stageName(id) {
    if (!room) { return ""; }
    for (var i = 0; i < room.stages.length; i++) { if (room.stages[i].id === id) { return room.stages[i].name; } }
    return "";
  }

  function pendingVotes() {
    // Dots sent but not yet answered count as placed: taps made while offline show at once.
    var out = {};
    saved.outbox.forEach(function (m) { if (m.type === "vote") { out[m.card] = (out[m.card] || 0) + m.step; } });
    return out;
  }

  function render() {
    if (!room) { return; }
    var phase = room.phase;
    $("stage").textContent = room.stage ? stageName(room.stage) : (room.journey || say("no_stage"));
    if (room.timer) {
      timerEnd = room.timer.running ? Date.now() + room.timer.remaining * 1000 : null;
      $("timer").setAttribute("data-still", room.timer.running ? "" : String(room.timer.remaining));
      var still = !room.timer.running && room.timer.remaining > 0;
      $("timerlabel").textContent = say(still ? "time_paused" : "time_left");
      show($("timerbox"), true);
    } else {
      timerEnd = null;
      show($("timerbox"), false);
    }
    tickTimer();
    show($("paused"), !!room.paused);
    var open = { ideas: phase.ideas, vote: phase.vote, rate: phase.rate };
    var any = open.ideas || open.vote || open.rate;
    // A vote the phone has not seen yet brings its tab forward (people looked for it behind "Ideas"), unless an
    // idea is being typed there; once seen, the tab is theirs to choose.
    var voteId = phase.vote && room.vote ? room.vote.id : null;
    if (voteId && voteId !== saved.seenVote) {
      if (!(tab === "ideas" && $("title").value.trim())) { tab = "vote"; saved.tab = tab; }
      saved.seenVote = voteId;
      keep();
    }
    if (!open[tab]) { tab = open.ideas ? "ideas" : open.vote ? "vote" : "rate"; }
    var buttons = document.querySelectorAll("#tabs button");
    var shown = 0;
    for (var i = 0; i < buttons.length; i++) {
      var name = buttons[i].getAttribute("data-tab");
      show(buttons[i], !!open[name]);
      if (open[name]) { shown++; }
      buttons[i].setAttribute("aria-selected", String(name === tab));
    }
    show($("tabs"), shown > 1);
    show($("follow"), !any);
    show($("tab-ideas"), any && tab === "ideas");
    show($("tab-vote"), any && tab === "vote");
    show($("tab-rate"), any && tab === "rate");
    // Only the tab on screen is drawn (a session's cards may be a thousand): a tab is drawn when chosen.
    if (any && tab === "ideas") { renderIdeas(); }
    if (any && tab === "vote") { renderVote(); }
    if (any && tab === "rate") { renderRate(); }
  }

  function renderIdeas() {
    var pick = $("stagepick");
    var stages = JSON.stringify(room.stages);
    if (stages !== stagesShown) {
      // Made again only when the stages change: a list open on the phone stays open while ideas come in.
      stagesShown = stages;
      var wanted = saved.draft.stage || pick.value || "";
      clear(pick);
      var none = make("option", "", say("any_stage"));
      none.value = "";
      pick.appendChild(none);
      room.stages.forEach(function (s) {
        var o = make("option", "", s.name);
        o.value = s.id;
        pick.appendChild(o);
      });
      pick.value = wanted;
      if (pick.value !== wanted) { pick.value = ""; }
    }
    markScale($("ideaemotion"), ideaEmotion);
    var everyone = room.ideas !== undefined;
    show($("private"), room.phase.private && !room.revealed);
    $("ideasheading").textContent = say(everyone ? "all_ideas" : "my_ideas");
    var list = $("ideas");
    clear(list);
    var items = (everyone ? room.ideas : mine.ideas).slice().reverse();
    var waiting = saved.outbox.filter(function (m) { return m.type === "idea"; }).reverse();
    waiting.forEach(function (m) {
      var li = make("li", "muted", m.title);
      list.appendChild(li);
    });
    items.forEach(function (idea) {
      var li = make("li", "", idea.title);
      // No stage: the participant was not sure, and it stays so until the facilitator places the idea.
      var stage = idea.stage ? stageName(idea.stage) : say("stage_unsure");
      if (stage) { li.appendChild(make("span", "stagehint", stage)); }
      list.appendChild(li);
    });
    show($("ideasheading"), items.length + waiting.length > 0);
  }

  function renderVote() {
    var v = room.vote;
    show($("novote"), !v);
    show($("vote"), !!v);
    if (!v) {
      // After a vote the phone says it ended (and where its results are), not that nothing is open.
      var ended = room.ended;
      $("novote").textContent = ended
        ? say("vote_ended", { title: ended.title }) + (ended.shown ? " " + say("vote_results") : "")
        : say("no_vote");
      return;
    }
    $("votetitle").textContent = v.title;
    var pending = pendingVotes();
    var used = 0;
    var placed = {};
    Object.keys(mine.dots).forEach(function (id) { placed[id] = mine.dots[id]; });
    Object.keys(pending).forEach(function (id) { placed[id] = Math.max(0, (placed[id] || 0) + pending[id]); });
    Object.keys(placed).forEach(function (id) { used += placed[id]; });
    var left = Math.max(0, v.dots - used);
    $("dotsleft").textContent = left === 0 ? say("no_dots")
      : say(left === 1 ? "dots_left_one" : "dots_left_other", { n: left });
    var box = $("votecards");
    // The list is made anew at every change: the button that had the keyboard's focus gets it back, or a
    // keyboard's (or a switch control's) user would start again from the top after every dot.
    var had = document.activeElement && box.contains(document.activeElement) ? document.activeElement : null;
    var focusKey = had ? had.getAttribute("data-focus") : null;
    var refocus = null;
    clear(box);
    var groups = {};
    var order = [];
    var ideas = [];
    v.cards.forEach(function (c) {
      // The inbox's ideas are not on the map yet: they have a group of their own, after the map's stages.
      if (c.idea) { ideas.push(c); return; }
      if (!groups[c.stage]) { groups[c.stage] = []; order.push(c.stage); }
      groups[c.stage].push(c);
    });
    var stageOrder = room.stages.map(function (s) { return s.id; });
    order.sort(function (a, b) { return stageOrder.indexOf(a) - stageOrder.indexOf(b); });
    var headings = {};
    order.forEach(function (stageId) { headings[stageId] = stageName(stageId); });
    if (ideas.length) { order.push("\u0000ideas"); groups["\u0000ideas"] = ideas; headings["\u0000ideas"] = say("vote_ideas"); }
    order.forEach(function (stageId) {
      var group = make("div", "stagegroup");
      group.appendChild(make("h3", "", headings[stageId]));
      groups[stageId].forEach(function (c) {
        var n = placed[c.id] || 0;
        var row = make("div", "card");
        var pick = make("button", "pick", c.title);
        pick.type = "button";
        pick.disabled = left === 0 || n >= v.per_card;
        pick.appendChild(make("span", "dots", new Array(n + 1).join("\u25cf")));
        if (typeof c.count === "number") { pick.appendChild(make("span", "count", say("all_dots", { n: c.count }))); }
        pick.addEventListener("click", function () { vote(c.id, 1); });
        pick.addEventListener("keydown", heldKey);
        pick.setAttribute("data-focus", c.id + "+");
        if (focusKey === c.id + "+" || (focusKey === c.id + "-" && n === 0)) { refocus = pick; }
        row.appendChild(pick);
        if (n > 0) {
          var back = make("button", "back", "\u2212");
          back.type = "button";
          back.setAttribute("aria-label", say("take_back"));
          back.title = say("take_back");
          back.addEventListener("click", function () { vote(c.id, -1); });
          back.addEventListener("keydown", heldKey);
          back.setAttribute("data-focus", c.id + "-");
          if (focusKey === c.id + "-") { refocus = back; }
          row.appendChild(back);
        }
        group.appendChild(row);
      });
      box.appendChild(group);
    });
    if (refocus) { refocus.focus(); }
  }

  function renderRate() {
    var step = room.step;
    show($("nostep"), !step);
    show($("rateform"), !!step);
    if (!step) { ratingStep = null; return; }
    if (ratingStep !== step.id) {
      ratingStep = step.id;
      rating = {
        emotion: mine.rating.emotion === undefined ? null : mine.rating.emotion,
        importance: mine.rating.importance === undefined ? null : mine.rating.importance,
        satisfaction: mine.rating.satisfaction === undefined ? null : mine.rating.satisfaction
      };
      $("ratemsg").textContent = "";
    }
    $("steptitle").textContent = step.title;
    ["emotion", "importance", "satisfaction"].forEach(function (m) { markScale($("rate-" + m), rating[m]); });
  }

  function tickTimer() {
    var el = $("timer");
    var seconds;
    if (timerEnd !== null) { seconds = Math.max(0, (timerEnd - Date.now()) / 1000); }
    else { seconds = parseFloat(el.getAttribute("data-still") || "0") || 0; }
    var whole = Math.ceil(seconds);
    var text = Math.floor(whole / 60) + ":" + ("0" + (whole % 60)).slice(-2);
    if (el.textContent !== text) { el.textContent = text; }
    el.className = whole <= 30 && whole > 0 ? "low" : "";
  }

  fetch(base + "strings.json", { cache: "no-store" })
    .then(function (r) { return r.json(); })
    .then(function (all) { S = all[lang] || all.en || {}; start(); })
    .catch(function () { S = {}; start(); });
})();
