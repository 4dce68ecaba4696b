// Magistrat kiosk: rate with one tap, queue in IndexedDB, send when the network is there.
// Every rating gets a client id here; the server stores a resent id once, so retrying is safe.
(() => {
  "use strict";
  const body = document.body;
  const TOKEN_KEY = "magistrat-kiosk-token";
  const SURVEY_KEY = "magistrat-kiosk-survey";
  const FACES = { 1: "😠", 2: "🙁", 3: "😐", 4: "🙂", 5: "😄" };
  const THANKS_MS = 4000;
  const RETRY_MS = 15000;
  const $ = (id) => document.getElementById(id);
  let survey = null;
  let current = null;
  let flushing = false;
  const BATCH = 50;

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
  const enqueue = async (rating) => asPromise((await store("readwrite")).put(rating));
  const queued = async () => asPromise((await store("readonly")).getAll());
  const dequeue = async (id) => asPromise((await store("readwrite")).delete(id));

  async function showPending() {
    $("pending").textContent = String((await queued()).length);
  }

  // ---- sending ----------------------------------------------------------------------------
  // The queue goes in batches; the server answers for each rating. 200/201: stored (now or by an
  // earlier attempt), so it leaves the queue. 400: refused (e.g. older than the server accepts):
  // it stays queued and counted, for staff to see, without holding up the rest.
  async function flush() {
    if (flushing || !localStorage.getItem(TOKEN_KEY)) return;
    flushing = true;
    try {
      const pending = await queued();
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
          break;  // offline: keep everything, try again later
        }
        if (response.status === 401) {
          $("status").dataset.error = body.dataset.revoked;
          break;
        }
        if (response.status !== 200) break;  // a server error: keep the ratings, retry later
        const { results } = await response.json();
        for (const result of results) {
          if (result.status === 200 || result.status === 201) await dequeue(result.client_id);
        }
        if (results.some((result) => result.status === 429)) break;  // over the limit: later
      }
    } finally {
      flushing = false;
      await showPending();
    }
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
      const face = document.createElement("span");
      face.setAttribute("aria-hidden", "true");
      face.textContent = FACES[stars];
      const label = document.createElement("span");
      label.textContent = body.dataset[`word-${stars}`] || String(stars);
      button.append(face, label);
      button.addEventListener("click", () => choose(stars));
      scale.append(button);
    }
    const tags = rest.find((q) => q.type === "tags");
    const comment = rest.find((q) => q.type === "text");
    $("details-heading").textContent = tags ? text(tags.text) : "";
    $("tags-legend").textContent = tags ? text(tags.text) : "";
    $("tags").replaceChildren($("tags-legend"));
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
    show("rate");
  }

  function choose(stars) {
    current = {
      client_id: crypto.randomUUID(),
      submitted_at: new Date().toISOString(),
      version: survey.version,
      answers: { csat: stars },
    };
    $("comment").value = "";
    for (const box of $("tags").querySelectorAll("input")) box.checked = false;
    show("details");
    $("send").focus();
  }

  async function finish(withDetails) {
    if (!current) return;
    if (withDetails) {
      const reasons = [...$("tags").querySelectorAll("input:checked")].map((box) => box.value);
      if (reasons.length) current.answers.reasons = reasons;
      if ($("comment").value.trim()) current.answers.comment = $("comment").value.trim();
    }
    await enqueue(current);  // saved on the device before anything is sent
    current = null;
    show("thanks");
    flush();
    setTimeout(() => show("rate"), THANKS_MS);
    await showPending();
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

  $("setup-form").addEventListener("submit", (event) => {
    event.preventDefault();
    localStorage.setItem(TOKEN_KEY, $("token").value.trim());
    $("setup-error").textContent = "";
    loadSurvey();
  });
  $("send").addEventListener("click", () => finish(true));
  $("skip").addEventListener("click", () => finish(false));
  window.addEventListener("online", flush);
  setInterval(flush, RETRY_MS);

  if ("serviceWorker" in navigator) navigator.serviceWorker.register(body.dataset.swUrl, { scope: "/kiosk/" });
  if (localStorage.getItem(TOKEN_KEY)) loadSurvey();
  else show("setup");
  showPending();
  flush();
})();
