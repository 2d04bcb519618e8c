// The DSMS dashboard: renders the status the front end streams (server-sent events) and runs
// operations through the HTTP API with the API key the user types in. Every value from the
// server is written with textContent, never as HTML.
"use strict";

// Known replica columns first, in this order; any other field the status carries follows.
const REPLICA_COLUMNS = ["id", "status", "lastSeq", "lag", "digest", "restarts", "replacements",
  "crashSuspicions", "wrongResults", "missingResults", "lastResultMsAgo"];
const COLUMN_TITLES = { lastSeq: "last seq", lastResultMsAgo: "last result (ms ago)",
  crashSuspicions: "crash suspicions", wrongResults: "wrong results", missingResults: "missing results" };
const TYPES = ["EQUITY", "BONUS", "DIVIDEND"];
const CHANGES_SHOWN_MAX = 30;

// Each replica's last status, to list changes: a crash may be DOWN for less than a second.
const lastStatuses = new Map();

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function show(value) {
  if (value === null || value === undefined || value === "") return "\u2014";
  if (Array.isArray(value)) return JSON.stringify(value);
  if (typeof value === "object") {
    return Object.entries(value).map(([key, item]) => key + " " + show(item)).join(" \u00b7 ");
  }
  return String(value);
}

// ---- status ----

function replicaColumns(replicas) {
  const columns = REPLICA_COLUMNS.filter((column) => replicas.some((replica) => column in replica));
  for (const replica of replicas) {
    for (const key of Object.keys(replica)) if (!columns.includes(key)) columns.push(key);
  }
  return columns;
}

// The digest most replicas report; a replica with another non-empty digest disagrees.
function majorityDigest(replicas) {
  const counts = new Map();
  for (const replica of replicas) {
    if (replica.digest) counts.set(replica.digest, (counts.get(replica.digest) || 0) + 1);
  }
  let best = null;
  for (const [digest, count] of counts) if (best === null || count > counts.get(best)) best = digest;
  return best;
}

function replicaCell(column, replica, agreedDigest) {
  const cell = element("td");
  cell.dataset.field = column;
  const value = replica[column];
  if (column === "status") {
    cell.appendChild(element("span", show(value), "status " + value));
  } else if (column === "digest" && value) {
    const agrees = value === agreedDigest;
    cell.textContent = value.slice(0, 12) + (agrees ? " (agrees)" : " (DIFFERS)");
    if (!agrees) cell.className = "differs";
  } else {
    cell.textContent = show(value);
  }
  return cell;
}

function renderReplicas(replicas) {
  const table = document.getElementById("replicas");
  const columns = replicaColumns(replicas);
  const head = element("tr");
  columns.forEach((column) => head.appendChild(element("th", COLUMN_TITLES[column] || column)));
  table.tHead.replaceChildren(head);
  const agreedDigest = majorityDigest(replicas);
  const rows = replicas.map((replica) => {
    const row = element("tr");
    row.id = "replica-" + replica.id;
    row.dataset.status = replica.status;
    columns.forEach((column) => row.appendChild(replicaCell(column, replica, agreedDigest)));
    return row;
  });
  table.tBodies[0].replaceChildren(...rows);
}

function noteChanges(replicas) {
  const list = document.getElementById("changes");
  for (const replica of replicas) {
    const previous = lastStatuses.get(replica.id);
    lastStatuses.set(replica.id, replica.status);
    if (previous === undefined || previous === replica.status) continue;
    if (list.querySelector(".muted")) list.replaceChildren();
    const item = element("li", new Date().toLocaleTimeString() + "  replica " + replica.id + ": "
      + previous + " \u2192 " + replica.status);
    item.dataset.replica = replica.id;
    item.dataset.from = previous;
    item.dataset.to = replica.status;
    list.prepend(item);
    while (list.children.length > CHANGES_SHOWN_MAX) list.lastChild.remove();
  }
}

function figure(label, value) {
  const box = element("div", null, "figure");
  box.appendChild(element("b", value));
  box.appendChild(element("span", label, "muted"));
  return box;
}

function decimal(value) {
  return typeof value === "number" ? value.toFixed(1) : show(value);
}

function renderFrontEnd(frontEnd) {
  const figures = document.getElementById("throughput");
  figures.replaceChildren(
    figure("requests/s", decimal(frontEnd.requestsPerSecond)),
    figure("p50 latency (ms)", decimal(frontEnd.latencyMsP50)),
    figure("p99 latency (ms)", decimal(frontEnd.latencyMsP99)),
    figure("max latency (ms)", decimal(frontEnd.latencyMsMax)));
  const shown = ["requestsPerSecond", "latencyMsP50", "latencyMsP99", "latencyMsMax"];
  const rows = Object.entries(frontEnd).filter(([key]) => !shown.includes(key)).map(([key, value]) => {
    const row = element("tr");
    row.appendChild(element("th", key));
    row.appendChild(element("td", show(value)));
    return row;
  });
  document.querySelector("#front-end tbody").replaceChildren(...rows);
}

// Fields the page does not know yet (say, the managers' recent actions) are shown as they come.
function renderValue(value) {
  if (Array.isArray(value) && value.length > 0 && value.every((item) => item && typeof item === "object")) {
    const table = element("table");
    const columns = [...new Set(value.flatMap((item) => Object.keys(item)))];
    const head = element("tr");
    columns.forEach((column) => head.appendChild(element("th", column)));
    table.appendChild(head);
    value.forEach((item) => {
      const row = element("tr");
      columns.forEach((column) => row.appendChild(element("td", show(item[column]))));
      table.appendChild(row);
    });
    return table;
  }
  return element("pre", Array.isArray(value) && value.length === 0 ? "(none)" : show(value));
}

function renderMore(status) {
  const known = ["mode", "replicas", "frontEnd"];
  const parts = [];
  for (const [key, value] of Object.entries(status)) {
    if (known.includes(key)) continue;
    parts.push(element("h2", key));
    parts.push(renderValue(value));
  }
  const more = document.getElementById("more");
  more.replaceChildren(...parts);
  more.hidden = parts.length === 0;
}

function render(status) {
  document.getElementById("mode").textContent = "mode: " + status.mode;
  renderReplicas(status.replicas || []);
  noteChanges(status.replicas || []);
  renderFrontEnd(status.frontEnd || {});
  renderMore(status);
  document.getElementById("updated").textContent = "updated " + new Date().toLocaleTimeString();
}

function setConnection(live) {
  const badge = document.getElementById("connection");
  badge.textContent = live ? "live" : "disconnected, retrying...";
  badge.className = "pill " + (live ? "up" : "down");
}

function connect() {
  const events = new EventSource("/api/v1/events");
  events.addEventListener("status", (event) => {
    setConnection(true);
    render(JSON.parse(event.data));
  });
  // EventSource reconnects by itself; the badge says so meanwhile.
  events.onerror = () => setConnection(false);
}

// ---- operations ----

function input(name, kind) {
  if (kind === "type" || kind === "optional-type") {
    const select = element("select");
    select.name = name;
    if (kind === "optional-type") select.appendChild(element("option", "(any type)"));
    TYPES.forEach((type) => select.appendChild(element("option", type)));
    if (kind === "optional-type") select.options[0].value = "";
    return select;
  }
  const field = element("input");
  field.name = name;
  field.type = kind === "count" ? "number" : "text";
  field.placeholder = name;
  field.required = true;
  return field;
}

function body(form, operation) {
  const fields = {};
  for (const [name, kind] of operation.fields) {
    const value = form.elements[name].value.trim();
    if (value === "") continue;
    // Counts are JSON integers; anything else is sent as typed so the API says what is wrong.
    fields[name] = kind === "count" && /^-?\d+$/.test(value) ? Number(value) : value;
  }
  return fields;
}

function renderAnswer(status, answer) {
  const box = document.getElementById("answer");
  box.className = "answer " + (answer.ok ? "ok" : "failed");
  const parts = [element("div", "HTTP " + status + " \u00b7 " + answer.code + ": " + answer.message)];
  parts[0].id = "answer-code";
  parts[0].dataset.code = answer.code;
  for (const [key, value] of Object.entries(answer.data || {})) {
    parts.push(element("h3", key));
    parts.push(renderValue(value));
  }
  box.replaceChildren(...parts);
}

async function run(operation, form) {
  const key = document.getElementById("api-key").value.trim();
  try {
    const response = await fetch("/api/v1/operations/" + operation.name, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: "Bearer " + key },
      body: JSON.stringify(body(form, operation)),
    });
    renderAnswer(response.status, await response.json());
  } catch (error) {
    renderAnswer("-", { ok: false, code: "UNAVAILABLE", message: "cannot reach the front end: " + error });
  }
}

function operationForm(operation) {
  const form = element("form");
  form.id = operation.role + "-" + operation.name;
  form.appendChild(element("span", operation.name, "op"));
  operation.fields.forEach(([name, kind]) => form.appendChild(input(name, kind)));
  form.appendChild(element("button", "run"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(operation, form);
  });
  return form;
}

function showActingUser() {
  const key = document.getElementById("api-key").value.trim();
  sessionStorage.setItem("dsms-api-key", key);
  const user = key.includes(".") ? key.slice(0, key.indexOf(".")) : "";
  document.getElementById("acting-user").textContent = user ? "acting as " + user : "";
}

// The operations, their fields and who runs them, from the API's own OpenAPI document, so the
// forms always match the server: integer fields are counts, fields named ...Type are share types.
function operationsOf(openApi) {
  const prefix = "/api/v1/operations/";
  const operations = [];
  for (const [path, methods] of Object.entries(openApi.paths)) {
    const post = methods.post;
    if (!path.startsWith(prefix) || path.includes("{") || !post) continue;
    const schema = post.requestBody.content["application/json"].schema;
    const required = schema.required || [];
    const fields = Object.entries(schema.properties || {}).map(([name, property]) => {
      if (property.type === "integer") return [name, "count"];
      if (name.endsWith("Type")) return [name, required.includes(name) ? "type" : "optional-type"];
      return [name, "text"];
    });
    const runBy = post["x-run-by"];
    const roles = runBy === "any" ? ["admin", "buyer"] : [runBy];
    roles.forEach((role) => operations.push({ name: path.slice(prefix.length), role, fields }));
  }
  return operations;
}

async function setUpForms() {
  const keyInput = document.getElementById("api-key");
  keyInput.value = sessionStorage.getItem("dsms-api-key") || "";
  keyInput.addEventListener("input", showActingUser);
  showActingUser();
  try {
    const openApi = await (await fetch("/api/v1/openapi.json")).json();
    operationsOf(openApi).forEach((operation) =>
      document.getElementById(operation.role + "-forms").appendChild(operationForm(operation)));
  } catch (error) {
    document.getElementById("answer").textContent = "cannot load the operations: " + error;
  }
}

setUpForms();
connect();
