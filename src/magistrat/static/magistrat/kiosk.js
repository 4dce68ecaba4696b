// Magistrat kiosk. The first tap on a face is the rating: it is queued in IndexedDB at once, the
// reasons ticked amend the queued rating, and it is sent when the resident presses Send or walks
// away (no touch for data-idle-seconds); then the screen starts afresh, so nothing one resident
// chose is ever left for the next. Every rating gets a client id here; the server stores a resent
// id once, so retrying is safe. A rating still on screen is not sent yet (it may still change);
// after a reload or power cut nothing is on screen, so everything queued is sent.
(() => {
  "use strict";
  const body = document.body;
  const TOKEN_KEY = "magistrat-kiosk-token";
  const SURVEY_KEY = "magistrat-kiosk-survey";
  const SVG = "http://www.w3.org/2000/svg";
  const THANKS_MS = 4000;
  const RETRY_MS = 15000;
  const IDLE_MS = Math.max(1, Number(body.dataset.idleSeconds) || 30) * 1000;
  const PAIRING_CODE = /^[A-Za-z0-9]{8}$/;
  const BATCH = 50;
  const $ = (id) => document.getElementById(id);
  let survey = null;
  let current = null; // the rating on screen: queued, still open to reasons and a comment
  const held = new Set(); // ids the sender leaves alone: on screen, or its final copy being saved
  let idleTimer = null;
  let thanksTimer = null;
  let flushing = false;
  let flushAgain = false;

  // ---- IndexedDB queue ------------------------------------------------------------------
  const dbReady = new Promise((resolve, reject) => {
    const request = indexedDB.open("magistrat-kiosk", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("queue", { keyPath: "client_id" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const store = async (mode) => (await dbReady).transaction("queue", mode).objectStore("queue");
  const asPromise = (request) => new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const enqueue = async (rating) => {
    const copy = structuredClone(rating); // as it is now, whatever changes while the database opens
    return asPromise((await store("readwrite")).put(copy));
  };
  const queued = async () => asPromise((await store("readonly")).getAll());
  const dequeue = async (id) => asPromise((await store("readwrite")).delete(id));

  async function showPending() {
    $("pending").textContent = String((await queued()).length);
  }

  // ---- sending ----------------------------------------------------------------------------
  // The queue goes in batches; the server answers for each rating. 200/201: stored (now or by an
  // earlier attempt), so it leaves the queue. 400: refused (e.g. older than the server accepts):
  // it stays queued and counted, for staff to see, without holding up the rest.
  async function sendQueue() {
    const pending = (await queued()).filter((rating) => !held.has(rating.client_id));
    for (let start = 0; start < pending.length; start += BATCH) {
      const batch = pending.slice(start, start + BATCH);
      let response;
      try {
        response = await fetch(body.dataset.batchUrl, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-Kiosk-Token": localStorage.getItem(TOKEN_KEY) },
          body: JSON.stringify({ ratings: batch }),
        });
      } catch (networkError) {
        return false; // offline: keep everything, try again later
      }
      if (response.status === 401) {
        $("status").dataset.error = body.dataset.revoked;
        return false;
      }
      if (response.status !== 200) return false; // a server error: keep the ratings, retry later
      const { results } = await response.json();
      for (const result of results) {
        if (result.status !== 200 && result.status !== 201) continue;
        await dequeue(result.client_id);
        body.dataset.sent = String(Number(body.dataset.sent || 0) + 1); // acknowledged since the page opened
      }
      if (results.some((result) => result.status === 429)) return false; // over the limit: later
    }
    return true;
  }

  async function flush() {
    if (!localStorage.getItem(TOKEN_KEY)) return;
    if (flushing) {
      flushAgain = true; // a rating finished meanwhile: one more round when this one ends
      return;
    }
    flushing = true;
    try {
      let sent;
      do {
        flushAgain = false;
        sent = await sendQueue();
      } while (sent && flushAgain);
    } finally {
      flushing = false;
      await showPending();
    }
  }

  // ---- faces: our own drawing, so a tablet without an emoji font shows them too ------------
  const MOUTH = { 1: -7, 2: -4, 3: 0, 4: 4, 5: 8 }; // how far the middle of the mouth bends down

  function svgElement(name, attributes) {
    const element = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
    return element;
  }

  function faceIcon(stars) {
    const icon = svgElement("svg", {
      viewBox: "0 0 64 64", width: 64, height: 64, class: "face-icon", "aria-hidden": "true", focusable: "false",
    });
    icon.append(
      svgElement("circle", { cx: 32, cy: 32, r: 29, class: "face-head" }),
      svgElement("circle", { cx: 22, cy: 26, r: 3.5, class: "face-eye" }),
      svgElement("circle", { cx: 42, cy: 26, r: 3.5, class: "face-eye" }),
    );
    const bend = MOUTH[stars];
    const y = bend < 0 ? 48 : 44;
    icon.append(svgElement("path", { d: `M19 ${y} Q32 ${y + 2 * bend} 45 ${y}`, class: "face-mouth" }));
    if (stars === 1) {
      icon.append(svgElement("path", { d: "M15 16 L27 20 M49 16 L37 20", class: "face-mouth" }));
    }
    return icon;
  }

  // ---- screens ----------------------------------------------------------------------------
  const text = (texts) => texts[body.dataset.lang] || texts.pl || Object.values(texts)[0];
  function show(id) {
    for (const section of ["setup", "rate", "details", "thanks"]) $(section).hidden = section !== id;
  }

  function renderSurvey() {
    const [csat, ...rest] = survey.questions;
    $("question").textContent = text(csat.text);
    $("point-name").textContent = survey.point_name;
    const scale = $("scale");
    scale.replaceChildren();
    for (let stars = 1; stars <= 5; stars += 1) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = `face face-${stars}`;
      button.dataset.stars = String(stars);
      const label = document.createElement("span");
      label.className = "face-label";
      label.textContent = body.dataset[`word-${stars}`] || String(stars);
      button.append(faceIcon(stars), label);
      button.addEventListener("click", () => choose(stars));
      scale.append(button);
    }
    const tags = rest.find((q) => q.type === "tags");
    const comment = rest.find((q) => q.type === "text");
    $("details-heading").textContent = tags ? text(tags.text) : "";
    $("tags-legend").textContent = tags ? text(tags.text) : "";
    $("tags").replaceChildren($("tags-legend"));
    $("tags").hidden = !tags;
    for (const option of tags ? tags.options : []) {
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.value = option.id;
      label.append(box, ` ${text(option.text)}`);
      $("tags").append(label);
    }
    $("comment-label").textContent = comment ? text(comment.text) : "";
    $("comment").hidden = $("comment-label").hidden = !comment;
    resetDetails();
    show("rate");
  }

  const chosenReasons = () => [...$("tags").querySelectorAll("input:checked")].map((box) => box.value);

  function resetDetails() {
    for (const box of $("tags").querySelectorAll("input")) box.checked = false;
    $("comment").value = "";
  }

  function armIdle() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => finish({ details: false, walkedAway: true }), IDLE_MS);
  }

  async function choose(stars) {
    if (current) return; // a second tap while the first is being saved
    clearTimeout(thanksTimer);
    resetDetails();
    current = {
      client_id: crypto.randomUUID(),
      submitted_at: new Date().toISOString(),
      version: survey.version,
      answers: { csat: stars },
    };
    held.add(current.client_id);
    show("details");
    $("send").focus();
    armIdle();
    await enqueue(current); // the tap is the rating: saved on the device before anything else
    await showPending();
  }

  // Ticking a reason amends the queued rating at once (a power cut keeps it); a comment is sent
  // only with Send: an unfinished text is not the resident's message.
  async function reasonsChanged() {
    if (!current) return;
    const reasons = chosenReasons();
    if (reasons.length) current.answers.reasons = reasons;
    else delete current.answers.reasons;
    await enqueue(current);
  }

  async function finish({ details, walkedAway = false }) {
    if (!current) return;
    clearTimeout(idleTimer);
    const rating = current;
    const reasons = chosenReasons();
    if (reasons.length && (details || walkedAway)) rating.answers.reasons = reasons;
    else delete rating.answers.reasons;
    const comment = $("comment").value.trim();
    if (details && comment) rating.answers.comment = comment;
    current = null;
    resetDetails(); // nothing of this resident stays on screen for the next one
    if (walkedAway) {
      show("rate");
    } else {
      show("thanks");
      thanksTimer = setTimeout(() => show("rate"), THANKS_MS);
    }
    await enqueue(rating);
    held.delete(rating.client_id);
    await showPending();
    flush();
  }

  async function loadSurvey() {
    try {
      const response = await fetch(body.dataset.surveyUrl, { headers: { "X-Kiosk-Token": localStorage.getItem(TOKEN_KEY) } });
      if (response.status === 401) {
        localStorage.removeItem(TOKEN_KEY);
        $("setup-error").textContent = body.dataset.revoked;
        show("setup");
        return;
      }
      if (response.ok) localStorage.setItem(SURVEY_KEY, await response.text());
    } catch (networkError) {
      // offline: use the survey kept from the last time
    }
    const kept = localStorage.getItem(SURVEY_KEY);
    if (kept) {
      survey = JSON.parse(kept);
      renderSurvey();
    }
  }

  // ---- pairing: a one-time code from staff (link, QR code or typed) for the device token --------
  async function pair(code) {
    show("setup");
    $("setup-error").textContent = "";
    let response;
    try {
      response = await fetch(body.dataset.pairUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ code }),
      });
    } catch (networkError) {
      $("setup-error").textContent = body.dataset.offline;
      return;
    }
    const answer = await response.json().catch(() => ({}));
    if (response.status !== 201 || !answer.token) {
      $("setup-error").textContent = answer.detail || body.dataset.pairFailed;
      return;
    }
    localStorage.setItem(TOKEN_KEY, answer.token);
    localStorage.removeItem(SURVEY_KEY);
    await loadSurvey();
    flush();
  }

  $("setup-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const entered = $("token").value.trim();
    $("setup-error").textContent = "";
    if (PAIRING_CODE.test(entered.replace(/[\s-]/g, ""))) {
      pair(entered);
      return;
    }
    localStorage.setItem(TOKEN_KEY, entered);
    loadSurvey();
  });
  $("send").addEventListener("click", () => finish({ details: true }));
  $("skip").addEventListener("click", () => finish({ details: false }));
  $("tags").addEventListener("change", reasonsChanged);
  for (const kind of ["pointerdown", "keydown", "input", "change"]) {
    $("details").addEventListener(kind, () => current && armIdle()); // someone is still there
  }
  window.addEventListener("online", flush);
  setInterval(flush, RETRY_MS);

  if ("serviceWorker" in navigator) navigator.serviceWorker.register(body.dataset.swUrl, { scope: "/kiosk/" });
  const params = new URLSearchParams(window.location.search);
  const pairingCode = params.get("pair");
  if (pairingCode) {
    params.delete("pair"); // used once: not kept in the address bar or the history
    const rest = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (rest ? `?${rest}` : ""));
    pair(pairingCode);
  } else if (localStorage.getItem(TOKEN_KEY)) {
    loadSurvey();
  } else {
    show("setup");
  }
  showPending();
  flush();
})();
