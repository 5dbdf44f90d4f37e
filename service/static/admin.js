/*! 问报 wenbao admin page — no dependencies, no build step, no network but its own API.
 * The admin token lives in sessionStorage only (gone when the tab closes) and goes out as
 * `Authorization: Bearer` on every admin call. Every text from the server is inserted with
 * textContent, never as HTML.
 */
(function () {
  "use strict";
  var TOKEN_KEY = "wenbao-admin-token";
  var JOB_POLL_MS = 400;
  var KINDS = {
    government_work_report: "政府工作报告",
    plan_execution_report: "计划执行情况报告",
    budget_report: "预算报告",
    other: "其他"
  };
  var PERIODS = { full_year: "全年", first_half: "上半年", second_half: "下半年", multi_year: "" };
  var ASPECTS = { results: "实绩", plan: "计划" };
  var SOURCES = { override: "人工指定", title: "识别自标题", meeting: "识别自会议信息", speaker: "识别自报告人",
    body: "识别自正文", file_name: "识别自文件名" };

  var DEFAULT_KB = { id: "default", name: "默认知识库" };
  // kbs: the bases as GET /api/kbs lists them; confirm: what the confirmation dialog's button does.
  var state = { token: null, kb: "default", kbs: [DEFAULT_KB], docs: [], selected: null, confirm: null };

  // --- tiny DOM helpers -------------------------------------------------------------------
  function $(name) { return document.querySelector('[data-admin="' + name + '"]'); }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var k in attrs || {}) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "class") node.className = attrs[k];
      else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), attrs[k]);
      else if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function show(node, on) { node.hidden = !on; }
  function status(text) { $("status").textContent = text || ""; }
  function kindLabel(kind) { return KINDS[kind] || kind || ""; }
  function when(iso) {
    if (!iso) return "";
    var d = new Date(iso);
    if (isNaN(d.getTime())) return iso;
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate()) + " " + two(d.getHours()) + ":" + two(d.getMinutes());
  }
  function coversLabel(c) {
    if (!c || !c.years || !c.years.length) return "";
    var years = c.years.length > 2 ? c.years[0] + "–" + c.years[c.years.length - 1] : c.years.join("、");
    return years + "年" + (PERIODS[c.period] || "") + " · " + (ASPECTS[c.aspect] || c.aspect);
  }
  function coversBadge(c) {
    var label = coversLabel(c);
    return label ? el("span", { class: "covers" + (c.aspect === "plan" ? " plan" : ""), "data-admin": "covers", text: label }) : null;
  }

  // --- the API ------------------------------------------------------------------------------
  function ApiError(status, detail, code) { this.status = status; this.detail = detail; this.code = code; }

  function call(method, path, opts) {
    opts = opts || {};
    var headers = {};
    var token = opts.token === false ? null : typeof opts.token === "string" ? opts.token : state.token;
    if (token) headers.Authorization = "Bearer " + token;
    var body = opts.form;
    if (opts.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(opts.json);
    }
    return fetch(path, { method: method, headers: headers, body: body, cache: "no-store" }).then(
      function (r) {
        if (opts.raw && r.ok) return r;
        var type = r.headers.get("content-type") || "";
        var parsed = type.indexOf("json") >= 0 ? r.json() : r.text().then(function (t) { return { detail: t }; });
        return parsed.then(function (data) {
          if (r.ok) return data;
          var detail = (data && data.detail) || failed(r.status);
          throw new ApiError(r.status, detail, data && data.code);
        }, function () {
          if (r.ok) return null;
          throw new ApiError(r.status, failed(r.status));
        });
      },
      function () { throw new ApiError(0, "无法连接到服务：请检查网络或服务是否在运行。"); }
    );
  }
  // A failure without the server's sentence, in words (no status codes: the page is for people).
  function failed(code) {
    if (code === 404) return "找不到要操作的内容：它可能已被删除，请刷新页面后再试。";
    if (code === 413) return "文件太大，无法上传。";
    if (code >= 500) return "服务出了问题，没有完成这次操作，请稍后再试。";
    return "操作没有完成，请稍后再试。";
  }
  // The server's auth sentences speak to API callers (headers, environment variables); the
  // page says the same in a signed-out person's words.
  var WRONG_TOKEN = "口令不正确，请重新输入。";
  var NEED_TOKEN = "请输入管理口令。";
  var NOT_CONFIGURED = "管理功能未开启：请在启动服务前设置环境变量 WENBAO_ADMIN_TOKEN（一段足够长的随机口令），" +
    "重启服务后用这个口令登录。";
  function isWrongToken(err) { return err.code === "AuthRejectedError" && /口令不正确/.test(err.detail); }
  function signInSentence(err) {
    if (!(err instanceof ApiError)) return sentence(err);
    if (err.code === "AuthRequiredError") return NEED_TOKEN;
    if (isWrongToken(err)) return WRONG_TOKEN;
    return sentence(err);
  }
  // An admin call that fails because the token is no longer good signs out, saying why.
  function admin(method, path, opts) {
    return call(method, path, opts).catch(function (err) {
      if (err instanceof ApiError && err.code === "AuthRequiredError") signOut(NEED_TOKEN);
      else if (err instanceof ApiError && err.code === "AuthRejectedError") {
        if (isWrongToken(err)) signOut(WRONG_TOKEN); else showNotConfigured();
      }
      throw err;
    });
  }
  function withKb(path, extra) {
    var q = new URLSearchParams(extra || {});
    q.set("kb", state.kb);
    return path + (path.indexOf("?") >= 0 ? "&" : "?") + q.toString();
  }
  function sentence(err) { return err instanceof ApiError ? err.detail : String(err && err.message || err); }

  // --- signing in ---------------------------------------------------------------------------
  function start() {
    fillKinds($("upload-kind"), "自动识别");
    fillKinds($("edit-kind"), "自动识别");
    var saved = null;
    try { saved = sessionStorage.getItem(TOKEN_KEY); } catch (e) { saved = null; }
    // Without a token, an admin call says whether admin is configured: 401 asks for a token,
    // 403 says that no token is set on the server.
    call("GET", "/api/jobs", { token: false }).then(
      function () { showLogin(""); },
      function (err) {
        if (err.status === 401) {
          if (saved) trySignIn(saved, true); else showLogin("");
        } else if (err.status === 403) {
          showNotConfigured();
        } else {
          status(sentence(err));
          showLogin("");
        }
      }
    );
  }

  function showNotConfigured() {
    status("");
    $("not-configured-detail").textContent = NOT_CONFIGURED;
    show($("not-configured"), true);
    show($("login"), false);
    show($("app"), false);
  }

  function showLogin(message) {
    status("");
    show($("app"), false);
    show($("session"), false);
    show($("login"), true);
    var box = $("login-error");
    box.textContent = message || "";
    show(box, !!message);
    $("token").focus();
  }

  function trySignIn(token, silent) {
    var button = $("login-submit");
    button.disabled = true;
    call("GET", "/api/jobs", { token: token }).then(function () {
      state.token = token;
      try { sessionStorage.setItem(TOKEN_KEY, token); } catch (e) { /* private mode: this page only */ }
      $("token").value = "";
      show($("login"), false);
      show($("login-error"), false);
      show($("app"), true);
      show($("session"), true);
      status("已登录。");
      loadKbs().then(loadDocs);
    }, function (err) {
      try { sessionStorage.removeItem(TOKEN_KEY); } catch (e) { /* nothing stored */ }
      if (err.status === 403 && !isWrongToken(err)) showNotConfigured();
      else showLogin(silent ? "" : signInSentence(err));
    }).then(function () { button.disabled = false; });
  }

  function signOut(message) {
    state.token = null;
    try { sessionStorage.removeItem(TOKEN_KEY); } catch (e) { /* nothing stored */ }
    showLogin(message || "");
  }

  // --- knowledge bases ----------------------------------------------------------------------
  function kbLabel(id) {
    var base = state.kbs.filter(function (b) { return b.id === id; })[0];
    return base && base.name && base.name !== id ? base.name + "（" + id + "）" : id;
  }

  function loadKbs() {
    // GET /api/kbs lists the bases; a service without it (404) has one base, "default".
    return call("GET", "/api/kbs", { token: false }).then(function (list) {
      var bases = (Array.isArray(list) ? list : []).filter(function (b) { return b && b.id; });
      state.kbs = bases.length ? bases : [DEFAULT_KB];
    }, function () { state.kbs = [DEFAULT_KB]; }).then(function () {
      var ids = state.kbs.map(function (b) { return b.id; });
      if (ids.indexOf(state.kb) < 0) state.kb = ids[0];
      [$("kb"), $("upload-kb")].forEach(function (select) {
        clear(select);
        ids.forEach(function (id) { select.appendChild(el("option", { value: id, text: kbLabel(id) })); });
        select.value = state.kb;
      });
      renderKbs();
    });
  }

  // The base every other tab works on: both selectors, the reports, the query report.
  function selectKb(id) {
    state.kb = id;
    $("kb").value = id;
    $("upload-kb").value = id;
    state.selected = null;
    show($("doc-detail"), false);
    renderKbs();
    loadDocs();
    if (!$("report-refresh").closest("[data-panel]").hidden) loadReport();
  }

  function renderKbs() {
    var body = clear($("kb-table").tBodies[0]);
    state.kbs.forEach(function (b) {
      var remove = b.id === "default" ? null : el("button", {
        type: "button", class: "danger", "data-admin": "kb-delete", text: "删除", "aria-label": "删除知识库 " + kbLabel(b.id),
        onclick: function (ev) { ev.stopPropagation(); askDeleteKb(b.id); }
      });
      body.appendChild(el("tr", { "data-admin": "kb-row", "data-kb-id": b.id, class: b.id === state.kb ? "selected" : "",
        title: "选为当前知识库", onclick: function () { selectKb(b.id); } }, [
        el("td", { "data-col": "name" }, [el("button", { type: "button", class: "title-btn", text: b.name || b.id })]),
        el("td", { "data-col": "id" }, [el("code", { text: b.id })]),
        el("td", { "data-col": "description", class: "opt", text: b.description || "" }),
        el("td", { "data-col": "documents", class: "num", text: countText(b.document_count) }),
        el("td", { "data-col": "chunks", class: "num", text: countText(b.chunk_count) }),
        el("td", { "data-col": "created", class: "opt", text: when(b.created) }),
        el("td", {}, [remove])
      ]));
    });
  }
  function countText(n) { return typeof n === "number" && n >= 0 ? String(n) : "—"; }

  function kbMessage(text, bad) {
    var box = $("kb-message");
    box.textContent = text;
    box.className = "notice" + (bad ? " bad" : "");
    show(box, !!text);
  }

  function createKb(ev) {
    ev.preventDefault();
    var form = $("kb-create-form");
    var body = { id: form.elements.id.value.trim(), description: form.elements.description.value.trim() };
    var name = form.elements.name.value.trim();
    if (name) body.name = name;
    var button = $("kb-create-submit");
    var error = $("kb-create-error");
    button.disabled = true;
    show(error, false);
    admin("POST", "/api/kbs", { json: body }).then(function (base) {
      form.reset();
      state.kb = base.id;  // a new base is where the next upload goes
      kbMessage("已新建知识库“" + base.name + "（" + base.id + "）”，并选为当前知识库：可以在“上传”中添加报告。");
      state.selected = null;
      show($("doc-detail"), false);
      return loadKbs().then(loadDocs);
    }, function (err) {
      error.textContent = sentence(err);
      show(error, true);
    }).then(function () { button.disabled = false; });
  }

  // The dialog names what the base holds now (asked again, not the table's possibly old counts);
  // a base that holds reports is deleted with force=true only after the dialog named their count.
  function askDeleteKb(id) {
    kbMessage("");
    call("GET", "/api/kbs/" + encodeURIComponent(id), { token: false }).then(function (b) {
      var label = kbLabel(b.id);
      var held = b.document_count > 0
        ? "它有 " + b.document_count + " 份报告（" + b.chunk_count + " 段），将连同这些报告和索引一起删除"
        : "它没有报告";
      askConfirm("删除知识库“" + label + "”？" + held + "，此操作无法撤销。", function () {
        var path = "/api/kbs/" + encodeURIComponent(b.id) + (b.document_count > 0 ? "?force=true" : "");
        return admin("DELETE", path).then(function () {
          kbMessage("已删除知识库“" + label + "”。");
          return loadKbs().then(loadDocs);  // the selected base, if it was this one, is "default" again
        }, function (err) { kbMessage(sentence(err), true); });
      });
    }, function (err) {
      kbMessage(sentence(err), true);
      loadKbs();
    });
  }

  function fillKinds(select, emptyLabel) {
    clear(select).appendChild(el("option", { value: "", text: emptyLabel }));
    Object.keys(KINDS).forEach(function (k) { select.appendChild(el("option", { value: k, text: KINDS[k] })); });
  }

  // --- documents ----------------------------------------------------------------------------
  function loadDocs() {
    return call("GET", withKb("/api/documents")).then(function (docs) {
      state.docs = Array.isArray(docs) ? docs : (docs && docs.documents) || [];
      renderDocs();
    }, function (err) { status(sentence(err)); });
  }

  function matches(doc, words) {
    var hay = [doc.title, doc.place, doc.doc_id, kindLabel(doc.kind), doc.year, doc.date].concat(doc.place_aliases || []).join(" ").toLowerCase();
    return words.every(function (w) { return hay.indexOf(w) >= 0; });
  }

  function renderDocs() {
    var words = $("doc-search").value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    var body = clear($("doc-table").tBodies[0]);
    var shown = state.docs.filter(function (d) { return matches(d, words); });
    shown.forEach(function (d) {
      var open = function () { openDoc(d.doc_id); };
      var row = el("tr", { "data-admin": "doc-row", "data-doc-id": d.doc_id, class: state.selected === d.doc_id ? "selected" : "", onclick: open }, [
        el("td", {}, [el("button", { type: "button", class: "title-btn", text: d.title }), el("span", { class: "id", text: d.doc_id })]),
        el("td", { "data-col": "place", text: d.place || "（未识别）" }),
        el("td", { "data-col": "kind", text: kindLabel(d.kind) }),
        el("td", { "data-col": "date", class: "opt", text: d.date || (d.year ? String(d.year) : "") }),
        el("td", { "data-col": "chunks", class: "num", text: String(d.chunk_count) }),
        el("td", { "data-col": "created", class: "opt", text: when(d.created) })
      ]);
      body.appendChild(row);
    });
    $("doc-count").textContent = words.length ? "显示 " + shown.length + " / " + state.docs.length + " 份报告" : "共 " + state.docs.length + " 份报告";
    show($("doc-empty"), state.docs.length === 0);
  }

  function openDoc(docId) {
    state.selected = docId;
    renderDocs();
    var enc = encodeURIComponent(docId);
    return call("GET", withKb("/api/documents/" + enc)).then(function (doc) {
      renderDetail(doc);
      $("doc-detail").scrollIntoView({ block: "nearest" });
    }, function (err) { status(sentence(err)); });
  }

  function renderDetail(doc) {
    state.detail = doc;
    show($("doc-detail"), true);
    show($("detail-message"), false);
    $("detail-title").textContent = doc.title;
    var facts = [doc.doc_id, doc.place || "地区未识别", kindLabel(doc.kind), doc.date || doc.year, doc.chunk_count + " 段",
      doc.meeting, doc.speaker && (doc.role ? doc.role + " " : "") + doc.speaker, "文件 " + doc.source_name];
    $("detail-meta").textContent = facts.filter(Boolean).join(" · ");
    var warnings = clear($("detail-warnings"));
    (doc.warnings || []).forEach(function (w) { warnings.appendChild(el("li", { text: w })); });

    var form = $("edit-form");
    form.elements.title.value = doc.title || "";
    form.elements.place.value = doc.place || "";
    form.elements.year.value = doc.year === null || doc.year === undefined ? "" : String(doc.year);
    form.elements.kind.value = doc.kind || "";
    Array.prototype.forEach.call(form.querySelectorAll("[data-src]"), function (span) {
      var src = (doc.sources || {})[span.getAttribute("data-src")];
      span.textContent = src ? "（" + (SOURCES[src] || src) + "）" : "";
    });

    var outline = clear($("outline"));
    (function add(list, sections) {
      sections.forEach(function (s) {
        var item = el("li", { "data-admin": "outline-item" }, [s.number + s.title, coversBadge(s.covers)]);
        if (s.children && s.children.length) {
          var sub = el("ol");
          add(sub, s.children);
          item.appendChild(sub);
        }
        list.appendChild(item);
      });
    })(outline, doc.sections || []);
    if (!outline.firstChild) outline.appendChild(el("li", { text: "（这份报告没有识别出标题层级）" }));

    $("chunk-count").textContent = doc.chunk_count + " 段";
    clear($("chunks"));
    $("chunks-box").open = false;
  }

  function loadChunks() {
    var doc = state.detail;
    if (!doc || !$("chunks-box").open || $("chunks").firstChild) return;
    call("GET", withKb("/api/documents/" + encodeURIComponent(doc.doc_id) + "/chunks")).then(function (chunks) {
      var list = clear($("chunks"));
      chunks.forEach(function (c) {
        var path = c.heading_path.map(function (t, i) { return (c.heading_numbers[i] || "") + t; }).join(" › ");
        list.appendChild(el("li", { "data-admin": "chunk" }, [
          el("span", { class: "path" }, [path || "（卷首）", coversBadge(c.covers)]),
          el("span", { class: "text", text: c.text })
        ]));
      });
    }, function (err) { status(sentence(err)); });
  }

  function detailMessage(text, bad) {
    var box = $("detail-message");
    box.textContent = text;
    box.className = "notice" + (bad ? " bad" : "");
    show(box, true);
  }

  function saveEdit(ev) {
    ev.preventDefault();
    var doc = state.detail;
    var form = $("edit-form");
    var patch = {};
    var current = { title: doc.title || "", place: doc.place || "", year: doc.year === null || doc.year === undefined ? "" : String(doc.year), kind: doc.kind || "" };
    ["title", "place", "year", "kind"].forEach(function (k) {
      var v = form.elements[k].value.trim();
      if (v === current[k]) return;
      if (v === "") patch[k] = null;  // no longer stated: the server derives it again
      else if (k === "year") patch[k] = /^\d+$/.test(v) ? Number(v) : v;
      else patch[k] = v;
    });
    if (!Object.keys(patch).length) { detailMessage("没有修改。"); return; }
    rewrite($("edit-save"), "正在保存……", "PATCH", "", { json: patch });
  }

  function reindex() {
    rewrite($("doc-reindex"), "正在重新索引……", "POST", "/reindex", {});
  }

  // A correction or a re-index: the server answers with the report as stored and a sentence.
  function rewrite(button, pending, method, suffix, opts) {
    button.disabled = true;
    detailMessage(pending);
    var path = withKb("/api/documents/" + encodeURIComponent(state.detail.doc_id) + suffix);
    admin(method, path, opts).then(function (out) {
      renderDetail(out);
      detailMessage(out.message);
      return loadDocs();
    }, function (err) { detailMessage(sentence(err), true); }).then(function () { button.disabled = false; });
  }

  // One confirmation dialog for every delete: it shows `text`, and its button runs `action`.
  function askConfirm(text, action) {
    state.confirm = action;
    $("confirm-text").textContent = text;
    $("confirm-dialog").showModal();
  }

  function confirmed() {
    var action = state.confirm;
    state.confirm = null;
    $("confirm-dialog").close();
    if (action) action();
  }

  function askDelete() {
    var doc = state.detail;
    askConfirm("删除报告《" + doc.title + "》（" + doc.doc_id + "）？它的 " + doc.chunk_count + " 段将从索引中移除，此操作无法撤销。", function () {
      admin("DELETE", withKb("/api/documents/" + encodeURIComponent(doc.doc_id))).then(function () {
        state.selected = null;
        show($("doc-detail"), false);
        status("已删除报告《" + doc.title + "》。");
        return loadDocs();
      }, function (err) { detailMessage(sentence(err), true); });
    });
  }

  // --- uploads ------------------------------------------------------------------------------
  function uploadAll(ev) {
    ev.preventDefault();
    var files = Array.prototype.slice.call($("upload-file").files || []);
    if (!files.length) return;
    var form = $("upload-form");
    var fields = {};
    ["title", "place", "year", "kind"].forEach(function (k) { fields[k] = form.elements[k].value.trim(); });
    var kb = $("upload-kb").value || state.kb;
    var button = $("upload-submit");
    button.disabled = true;
    var items = files.map(function (f) { return uploadItem(f); });
    // One after another: the server imports one report at a time anyway.
    files.reduce(function (chain, file, i) {
      return chain.then(function () { return uploadOne(file, fields, kb, items[i], false); });
    }, Promise.resolve()).then(function () {
      button.disabled = false;
      $("upload-file").value = "";
      return loadDocs();
    });
  }

  function uploadItem(file) {
    var item = {
      progress: el("progress", { max: "1", value: "0", "aria-label": file.name + " 的进度" }),
      message: el("span", { "data-admin": "upload-message", text: "等待上传。" }),
      actions: el("span", { class: "row" })
    };
    item.li = el("li", { "data-admin": "upload-item", "data-file": file.name }, [
      el("div", { class: "name", text: file.name }), item.progress, el("div", { class: "row wrap between" }, [item.message, item.actions])
    ]);
    $("uploads").insertBefore(item.li, $("uploads").firstChild);
    return item;
  }

  function setItem(item, cls, message) {
    item.li.className = cls || "";
    item.li.setAttribute("data-state", cls || "running");
    item.message.textContent = message;
  }

  function uploadOne(file, fields, kb, item, replace) {
    clear(item.actions);
    setItem(item, "", "正在上传……");
    item.progress.removeAttribute("value");  // indeterminate while the server checks the file
    var data = new FormData();
    data.append("file", file, file.name);
    Object.keys(fields).forEach(function (k) { if (fields[k]) data.append(k, fields[k]); });
    var q = new URLSearchParams({ kb: kb });
    if (replace) q.set("replace", "true");
    return admin("POST", "/api/documents?" + q.toString(), { form: data }).then(function (job) {
      return followJob(job, item);
    }, function (err) {
      item.progress.value = 0;
      setItem(item, "failed", sentence(err));
      if (err.status === 409 && err.code === "DocumentExistsError" && !/无需再次上传|正在导入/.test(err.detail)) {
        item.actions.appendChild(el("button", {
          type: "button", "data-admin": "upload-replace", text: "替换已有报告",
          onclick: function () { uploadOne(file, fields, kb, item, true).then(loadDocs); }
        }));
      }
    });
  }

  function followJob(job, item) {
    return new Promise(function (resolve) {
      function step(j) {
        if (j.status === "parsing" && j.pages_total) {  // a scanned file: pages read by OCR
          item.progress.max = j.pages_total;
          item.progress.value = j.pages_done;
        } else if (j.chunks_total) {
          item.progress.max = j.chunks_total;
          item.progress.value = j.chunks_done;
        }
        if (j.status === "done") {
          item.progress.max = 1;
          item.progress.value = 1;
          setItem(item, "done", j.message);
          return resolve(j);
        }
        if (j.status === "failed" || j.status === "cancelled") {
          setItem(item, "failed", j.message);
          return resolve(j);
        }
        setItem(item, "", j.message + (j.eta_s ? "（约 " + Math.ceil(j.eta_s) + " 秒）" : ""));
        setTimeout(function () {
          admin("GET", "/api/jobs/" + encodeURIComponent(j.id)).then(step, function (err) {
            setItem(item, "failed", sentence(err));
            resolve(j);
          });
        }, JOB_POLL_MS);
      }
      step(job);
    });
  }

  // --- the query report ---------------------------------------------------------------------
  function reportQuery(extra) {
    var q = new URLSearchParams(extra || {});
    q.set("kb", state.kb);
    var since = $("report-since").value;
    if (since) q.set("since", since);
    return q.toString();
  }

  function loadReport() {
    return admin("GET", "/api/admin/report?" + reportQuery()).then(renderReport, function (err) { status(sentence(err)); });
  }

  function renderReport(r) {
    $("report-kb").textContent = "知识库：" + kbLabel(r.kb || state.kb);
    $("report-total").textContent = "共 " + r.total + " 个提问" + (r.since ? "（自 " + r.since + " 起）" : "") + "。";
    drawDaily($("daily-chart"), r.daily || []);
    var most = clear($("most-asked"));
    r.most_asked.forEach(function (m) {
      most.appendChild(el("li", { "data-admin": "asked-item" }, [m.question,
        el("span", { class: "count", text: m.count + " 次" + (m.refused ? "，未答 " + m.refused + " 次" : "") })]));
    });
    if (!most.firstChild) most.appendChild(el("li", { text: "还没有提问。" }));
    var refused = clear($("refused-groups"));
    r.refused_groups.forEach(function (g) {
      var others = g.questions.filter(function (q) { return q !== g.question; });
      refused.appendChild(el("li", { "data-admin": "refused-item" }, [g.question, el("span", { class: "count", text: g.count + " 次" }),
        others.length ? el("span", { class: "variants", text: "相近问法：" + others.join("；") }) : null]));
    });
    if (!refused.firstChild) refused.appendChild(el("li", { text: "没有未能回答的问题。" }));
    var down = clear($("downvoted"));
    r.downvoted.forEach(function (d) {
      down.appendChild(el("li", { "data-admin": "downvoted-item" }, [d.question, el("span", { class: "count", text: when(d.asked_at) }),
        d.comment ? el("span", { class: "comment", text: "留言：" + d.comment }) : null]));
    });
    if (!down.firstChild) down.appendChild(el("li", { text: "没有不满意的回答。" }));
  }

  // Inline SVG, no library: one bar per day (asked), the refused part drawn over it. Drawn at the
  // box's own width (one SVG unit = one CSS pixel), so its text stays legible on a phone instead
  // of shrinking with a fixed viewBox; drawn again when the window's width changes.
  var dailyShown = null;
  function drawDaily(box, days) {
    clear(box);
    dailyShown = { box: box, days: days, width: box.clientWidth };
    if (!days.length) { box.appendChild(el("p", { class: "hint", text: "这段时间没有提问。" })); return; }
    var NS = "http://www.w3.org/2000/svg";
    function svg(tag, attrs, text) {
      var n = document.createElementNS(NS, tag);
      for (var k in attrs) n.setAttribute(k, attrs[k]);
      if (text !== undefined) n.textContent = text;
      return n;
    }
    var W = Math.max(260, Math.round(box.clientWidth || 640)), H = 200, left = 34, bottom = 24, top = 18;
    var max = Math.max.apply(null, days.map(function (d) { return d.asked; }).concat([1]));
    var slot = (W - left - 6) / days.length;
    var barW = Math.max(2, Math.min(48, slot * 0.7));
    var scale = (H - top - bottom) / max;
    // Room for a count over each bar, and a date under each: a few days read at a glance.
    var labelEach = slot >= 26, dateEach = slot >= 46;
    var chart = svg("svg", { width: W, height: H, viewBox: "0 0 " + W + " " + H, role: "img",
      "aria-label": "每日提问数（共 " + days.length + " 天，最多 " + max + " 个）" });
    chart.appendChild(svg("line", { class: "axis", x1: left, y1: H - bottom, x2: W, y2: H - bottom }));
    chart.appendChild(svg("text", { x: left - 4, y: top + 4, "text-anchor": "end" }, String(max)));
    chart.appendChild(svg("text", { x: left - 4, y: H - bottom, "text-anchor": "end" }, "0"));
    days.forEach(function (d, i) {
      var x = left + i * slot + (slot - barW) / 2, mid = x + barW / 2;
      var g = svg("g", { "data-admin": "daily-bar", "data-day": d.day, "data-asked": d.asked });
      g.appendChild(svg("title", {}, d.day + "：提问 " + d.asked + "，未答 " + d.refused + "，满意 " + d.up + "，不满意 " + d.down));
      g.appendChild(svg("rect", { class: "asked", x: x, y: H - bottom - d.asked * scale, width: barW, height: d.asked * scale }));
      if (d.refused) g.appendChild(svg("rect", { class: "refused", x: x, y: H - bottom - d.refused * scale, width: barW, height: d.refused * scale }));
      if (labelEach) {
        g.appendChild(svg("text", { class: "value", "data-admin": "daily-value", x: mid, y: H - bottom - d.asked * scale - 4,
          "text-anchor": "middle" }, d.refused ? d.asked + "（未答 " + d.refused + "）" : String(d.asked)));
      }
      if (dateEach) g.appendChild(svg("text", { x: mid, y: H - 6, "text-anchor": "middle" }, d.day.slice(5)));
      chart.appendChild(g);
    });
    if (!dateEach) {
      var first = days[0].day, last = days[days.length - 1].day;
      chart.appendChild(svg("text", { x: left, y: H - 6 }, first));
      if (last !== first) chart.appendChild(svg("text", { x: W - 2, y: H - 6, "text-anchor": "end" }, last));
    }
    box.appendChild(chart);
    box.appendChild(el("p", { class: "legend" }, [el("span", { class: "sw asked" }), "提问", el("span", { class: "sw refused" }), "未能回答"]));
  }
  var redrawing = null;
  window.addEventListener("resize", function () {
    clearTimeout(redrawing);
    redrawing = setTimeout(function () {
      if (dailyShown && dailyShown.box.isConnected && dailyShown.box.clientWidth !== dailyShown.width) {
        drawDaily(dailyShown.box, dailyShown.days);
      }
    }, 150);
  });

  function exportCsv() {
    var button = $("export-csv");
    button.disabled = true;
    admin("GET", "/api/admin/queries?" + reportQuery({ format: "csv", limit: "10000" }), { raw: true }).then(function (r) {
      return r.blob();
    }).then(function (blob) {
      var url = URL.createObjectURL(blob);
      var a = el("a", { href: url, download: "wenbao-queries-" + new Date().toISOString().slice(0, 10) + ".csv" });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      status("已导出 CSV。");
    }, function (err) { status(sentence(err)); }).then(function () { button.disabled = false; });
  }

  // --- tabs and wiring ----------------------------------------------------------------------
  function selectTab(name) {
    Array.prototype.forEach.call(document.querySelectorAll("[role=tab]"), function (t) {
      t.setAttribute("aria-selected", String(t.getAttribute("data-tab") === name));
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-panel]"), function (p) {
      show(p, p.getAttribute("data-panel") === name);
    });
    if (name === "report") loadReport();
    if (name === "docs") loadDocs();
    if (name === "kbs") loadKbs();  // counts change with every upload and delete
  }

  document.addEventListener("DOMContentLoaded", function () {
    $("login").addEventListener("submit", function (ev) {
      ev.preventDefault();
      var token = $("token").value.trim();
      if (token) trySignIn(token, false);
    });
    $("logout").addEventListener("click", function () { signOut(""); });
    $("kb").addEventListener("change", function () { selectKb($("kb").value); });
    Array.prototype.forEach.call(document.querySelectorAll("[role=tab]"), function (t) {
      t.addEventListener("click", function () { selectTab(t.getAttribute("data-tab")); });
    });
    $("doc-search").addEventListener("input", renderDocs);
    $("doc-refresh").addEventListener("click", loadDocs);
    $("detail-close").addEventListener("click", function () { state.selected = null; show($("doc-detail"), false); renderDocs(); });
    $("edit-form").addEventListener("submit", saveEdit);
    $("doc-reindex").addEventListener("click", reindex);
    $("doc-delete").addEventListener("click", askDelete);
    $("confirm").addEventListener("click", confirmed);
    $("cancel").addEventListener("click", function () { $("confirm-dialog").close(); });
    $("confirm-dialog").addEventListener("close", function () { state.confirm = null; });
    $("kb-create-form").addEventListener("submit", createKb);
    $("chunks-box").addEventListener("toggle", loadChunks);
    $("upload-form").addEventListener("submit", uploadAll);
    $("report-refresh").addEventListener("click", loadReport);
    $("report-since").addEventListener("change", loadReport);
    $("export-csv").addEventListener("click", exportCsv);
    start();
  });
})();
