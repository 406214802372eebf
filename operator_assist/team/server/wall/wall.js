// The team's live board: reads the server's event stream with fetch (the token from the URL's
// #fragment goes in the Authorization header, never in a request line), resumes with
// Last-Event-ID after a drop, and redraws the tiles four times a second for the running times.
// The order is the one of operator_assist/team/live.py (urgency): keep the two the same.
"use strict";

const WORDS = {
  idle: "Нет звонка", talking: "Разговор", lookup: "Поиск — тишина", hold: "Удержание", wrapup: "Звонок завершён",
  left: "осталось", over: "сверх лимита", stale: "нет связи", deadAir: "● тишина",
  share: "Без удержания сегодня", target: "цель", noCalls: "звонков ещё нет",
  connecting: "подключение…", live: "на связи", down: "нет связи с сервером, повтор…",
  noToken: "В адресе нет токена табло: откройте адрес, который напечатала команда add-wall.",
  refused: "Сервер не принял токен табло (неверный или отозван).",
  telephonyDown: "телефония не подключена", listeningLost: "нет звука", was: "было:",
  board: "Табло команды",
};
const DEAD_AIR_ALERT_S = 20;
const PING_SILENCE_MS = 40000;  // the server pings every 15 s: this long without a byte is a dead link

const desks = new Map();
let offset = 0;  // server time − local time, seconds
let lastId = "";
const token = decodeURIComponent(location.hash.replace(/^#/, ""));
const team = decodeURIComponent(location.pathname.replace(/^\/wall\//, ""));

function serverNow() { return Date.now() / 1000 + offset; }

function mmss(seconds) {
  const total = Math.max(0, Math.floor(seconds));
  return Math.floor(total / 60) + ":" + String(total % 60).padStart(2, "0");
}

function view(desk, now) {
  const elapsed = Math.max(0, now - desk.since);
  const v = { level: "neutral", time: mmss(elapsed), meaning: "", rank: 9, elapsed: elapsed, alert: false };
  if (!desk.online) {  // what the desk was doing when it fell silent
    return Object.assign(v, { level: "stale", time: "—", meaning: WORDS.was + " " + WORDS[desk.state].toLowerCase(), rank: 4 });
  }
  if (desk.state === "hold" && desk.limit) {
    const remaining = desk.limit - elapsed;
    if (desk.warning === "over" || remaining <= 0) {
      return Object.assign(v, { level: "red", time: "+" + mmss(-remaining), meaning: WORDS.over, rank: 0, alert: true });
    }
    v.time = mmss(Math.ceil(remaining));
    v.meaning = WORDS.left;
    if (desk.warning === "prewarning") { v.level = "amber"; v.rank = 3; } else { v.rank = 5; }
    return v;
  }
  if (desk.state === "lookup") {
    if (elapsed > DEAD_AIR_ALERT_S) { return Object.assign(v, { level: "amber", rank: 1, alert: true }); }
    if (desk.warning === "silence" || desk.dead_air) { return Object.assign(v, { level: "amber", rank: 2 }); }
    v.rank = 6;
    return v;
  }
  v.rank = { talking: 7, wrapup: 8, idle: 9 }[desk.state] || 9;
  if (desk.state === "idle") { v.time = ""; }
  return v;
}

function tile(desk, v) {
  let el = document.getElementById("desk-" + desk.login);
  if (!el) {
    el = document.createElement("section");
    el.id = "desk-" + desk.login;
    el.dataset.login = desk.login;
    for (const part of ["login", "state", "time", "meaning", "marks"]) {
      const child = document.createElement("div");
      child.className = part;
      el.appendChild(child);
    }
    el.querySelector(".login").textContent = desk.login;
  }
  el.className = "tile " + v.level + (v.alert ? " alert" : "");
  el.dataset.state = desk.online ? desk.state : "stale";
  el.dataset.level = v.level;
  el.querySelector(".state").textContent = desk.online ? WORDS[desk.state] : WORDS.stale;
  el.querySelector(".time").textContent = v.time;
  el.querySelector(".meaning").textContent = v.meaning;
  const marks = [];
  if (desk.online && desk.state === "lookup" && (desk.dead_air || desk.warning === "silence" || v.elapsed > DEAD_AIR_ALERT_S)) {
    marks.push(["mark-dead-air", WORDS.deadAir]);
  }
  if (desk.telephony === "down") { marks.push(["mark-link", WORDS.telephonyDown]); }
  if (desk.listening === "lost") { marks.push(["mark-link", WORDS.listeningLost]); }
  const box = el.querySelector(".marks");
  box.replaceChildren(...marks.map(([cls, text]) => { const s = document.createElement("span"); s.className = cls; s.textContent = text; return s; }));
  return el;
}

function render() {
  const now = serverNow();
  const shown = [...desks.values()].map((d) => [d, view(d, now)]);
  shown.sort((a, b) => a[1].rank - b[1].rank || b[1].elapsed - a[1].elapsed || (a[0].login < b[0].login ? -1 : 1));
  const box = document.getElementById("tiles");
  const tiles = shown.map(([d, v]) => tile(d, v));
  tiles.forEach((el, i) => { if (box.children[i] !== el) { box.insertBefore(el, box.children[i] || null); } });
  while (box.children.length > tiles.length) { box.lastChild.remove(); }
  document.getElementById("empty").hidden = desks.size > 0;
}

function showToday(today) {
  const el = document.getElementById("share");
  if (!today) { return; }
  const target = Math.round(today.target * 100);
  if (!today.calls) {
    el.textContent = `${WORDS.share}: ${WORDS.noCalls} (${WORDS.target} ${target} %)`;
    el.className = "share";
    return;
  }
  el.textContent = `${WORDS.share}: ${Math.round(today.share * 100)} % (${today.without_hold} из ${today.calls}; ${WORDS.target} ${target} %)`;
  el.className = "share " + (today.met ? "good" : "bad");
}

function link(text, down) {
  const el = document.getElementById("link");
  el.textContent = text;
  el.className = "link" + (down ? " down" : "");
}

function handle(event, data) {
  const message = JSON.parse(data);
  if (typeof message.now === "number") { offset = message.now - Date.now() / 1000; }
  if (event === "hello") {
    link(WORDS.live, false);
  } else if (event === "snapshot") {
    desks.clear();
    for (const d of message.desks) { desks.set(d.login, d); }
    showToday(message.today);
  } else if (event === "desk") {
    desks.set(message.login, message);
  } else if (event === "gone") {
    desks.delete(message.login);
  } else if (event === "today") {
    showToday(message);
  }
  render();
}

// One SSE stream: "id:", "event:", "data:" lines, a blank line ends an event, ":" lines are comments.
async function stream() {
  const controller = new AbortController();
  let watchdog = setTimeout(() => controller.abort(), PING_SILENCE_MS);
  const headers = { Authorization: "Bearer " + token, Accept: "text/event-stream" };
  if (lastId) { headers["Last-Event-ID"] = lastId; }
  const response = await fetch("/v1/teams/" + encodeURIComponent(team) + "/live", { headers, signal: controller.signal, cache: "no-store" });
  if (response.status === 401 || response.status === 403) { clearTimeout(watchdog); return "refused"; }
  if (!response.ok || !response.body) { clearTimeout(watchdog); throw new Error("HTTP " + response.status); }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "", event = "message", data = [], id = null;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) { return "closed"; }
      clearTimeout(watchdog);
      watchdog = setTimeout(() => controller.abort(), PING_SILENCE_MS);
      buffer += value;
      let cut;
      while ((cut = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, cut).replace(/\r$/, "");
        buffer = buffer.slice(cut + 1);
        if (line === "") {
          if (data.length) { handle(event, data.join("\n")); }
          if (id !== null) { lastId = id; }
          event = "message"; data = []; id = null;
        } else if (!line.startsWith(":")) {
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
          if (field === "event") { event = text; } else if (field === "data") { data.push(text); } else if (field === "id") { id = text; }
        }
      }
    }
  } finally {
    clearTimeout(watchdog);
  }
}

async function run() {
  document.getElementById("team").textContent = WORDS.board + " «" + team + "»";
  document.title = WORDS.board + " «" + team + "»";
  if (!token) { link(WORDS.noToken, true); return; }
  let wait = 1000;
  for (;;) {
    let outcome;
    try {
      outcome = await stream();
      wait = 1000;
    } catch (error) {
      outcome = "error";
    }
    if (outcome === "refused") { link(WORDS.refused, true); wait = 30000; } else { link(WORDS.down, true); }
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = Math.min(wait * 2, 10000);
  }
}

setInterval(render, 250);
run();
