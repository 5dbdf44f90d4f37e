/*! 问报 wenbao chat widget — one script tag, no dependencies, no network but its own API.
 * <script src="https://HOST/widget.js" data-api="https://HOST" defer></script>
 * Optional: data-kb (the knowledge base to ask; default: the service's default base), data-title,
 * data-placeholder, data-accent (CSS colour), data-position ("right" | "left"),
 * data-examples ("问题一|问题二"), data-open ("true" opens the panel on load).
 * Security: every text from the reports or the server is inserted with textContent, never as HTML.
 */
(function () {
  "use strict";
  if (window.wenbaoWidget) return;
  var script = document.currentScript;
  var data = (script && script.dataset) || {};
  var scriptOrigin = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  var API = (data.api || scriptOrigin).replace(/\/+$/, "");
  var TITLE = data.title || "问报 · 报告问答";
  var PLACEHOLDER = data.placeholder || "输入问题，例如：上半年地区生产总值是多少？";
  var EXAMPLES = (data.examples || "上半年地区生产总值是多少？|居民人均可支配收入增长了多少？|报告提到了哪些重点项目？")
    .split("|").map(function (s) { return s.trim(); }).filter(Boolean).slice(0, 5);
  var KB = (data.kb || "").trim();
  // One conversation per service and base: a portal's two bases never mix their histories.
  var KEY = "wenbao:" + API + (KB ? "#" + KB : "");
  var MAX_TURNS = 20;
  var SIDE = data.position === "left" ? "left" : "right";

  var CSS = [
    // !important in :host beats the host page's own !important rules, so no page CSS can reach in.
    ":host{all:initial!important;display:block!important;position:fixed!important;bottom:20px!important;" + SIDE + ":20px!important;z-index:2147483000!important;",
    "font:15px/1.6 'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',system-ui,sans-serif!important;color:#1f1f1f!important;--wb-accent:#b3261e;--wb-soft:#fbeaea}",
    "*{box-sizing:border-box}[hidden]{display:none!important}",
    "button{font:inherit;cursor:pointer}",
    ":focus-visible{outline:3px solid #1a56db;outline-offset:2px}",
    ".launcher{width:60px;height:60px;border-radius:50%;border:0;background:var(--wb-accent);color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.3);display:grid;place-items:center}",
    ".launcher svg{width:28px;height:28px;fill:currentColor}",
    ".panel{position:fixed;bottom:92px;" + SIDE + ":20px;width:400px;height:min(640px,calc(100vh - 120px));background:#fff;border-radius:14px;",
    "box-shadow:0 10px 40px rgba(0,0,0,.28);display:flex;flex-direction:column;overflow:hidden}",
    "header{display:flex;align-items:center;gap:8px;padding:10px 12px 10px 16px;background:var(--wb-accent);color:#fff}",
    "header h2{flex:1;margin:0;font-size:16px;font-weight:600}",
    "header button{background:transparent;border:1px solid rgba(255,255,255,.7);color:#fff;border-radius:6px;padding:2px 10px;font-size:13px}",
    "header button.x{border:0;font-size:22px;line-height:1;padding:2px 6px}",
    ".body{flex:1;position:relative;min-height:0;display:flex}",
    ".log{position:relative;flex:1;overflow-y:auto;padding:14px;display:flex;flex-direction:column;gap:12px;background:#f6f6f7}",
    ".msg{max-width:92%;padding:10px 12px;border-radius:12px;white-space:pre-wrap;word-break:break-word}",
    ".user{align-self:flex-end;background:var(--wb-accent);color:#fff;border-bottom-right-radius:4px}",
    ".bot{align-self:flex-start;background:#fff;border:1px solid #ddd;border-bottom-left-radius:4px}",
    ".bot.refusal{border-color:#8a6d00;background:#fffbea}",
    ".label{display:block;font-size:13px;font-weight:600;color:#6b4f00;margin-bottom:4px}",
    ".cite{border:0;background:var(--wb-soft);color:var(--wb-accent);font-weight:700;font-size:13px;border-radius:4px;padding:0 4px;margin:0 1px;vertical-align:baseline}",
    ".sources{margin:8px 0 0;padding:8px 0 0;border-top:1px solid #e4e4e4;list-style:none;font-size:13px;white-space:normal}",
    ".sources li{margin:2px 0}.sources button{border:0;background:none;color:#1f4e9c;text-align:left;padding:2px 0;text-decoration:underline}",
    ".hint{font-size:13px;color:#555;margin-top:6px;white-space:normal}",
    "table.across{border-collapse:collapse;width:100%;font-size:14px}",
    "table.across th,table.across td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}",
    "table.across thead th{background:#f5f5f5}table.across td.missing{color:#777}",
    ".note{margin:6px 0 0}",
    ".options{display:flex;flex-wrap:wrap;gap:6px;margin-top:8px}",
    ".options button{border:1px solid var(--wb-accent);color:var(--wb-accent);background:#fff;border-radius:14px;padding:4px 10px;font:inherit;font-size:13px;cursor:pointer}",
    ".tools{display:flex;gap:8px;margin-top:6px}.tools button{border:1px solid #bbb;background:#fff;color:#333;border-radius:6px;font-size:12px;padding:1px 8px}",
    ".tools .fbnote{font-size:12px;color:#555;align-self:center}.fbbox{display:flex;gap:6px;flex-basis:100%}.tools{flex-wrap:wrap}",
    ".tools button[aria-pressed=true]{background:var(--wb-soft);border-color:var(--wb-accent)}",
    ".tools button.rate{display:inline-grid;place-items:center;padding:3px 8px}.tools button.rate svg{width:16px;height:16px;fill:currentColor}",
    ".tools button.rate[aria-pressed=true]{color:var(--wb-accent)}",
    ".typing{color:#555}.typing i{display:inline-block;width:6px;height:6px;margin:0 2px;border-radius:50%;background:#777;animation:b 1s infinite alternate}",
    ".typing i:nth-child(2){animation-delay:.2s}.typing i:nth-child(3){animation-delay:.4s}@keyframes b{to{opacity:.2}}",
    ".error{align-self:stretch;background:#fdecea;border:1px solid #c5221f;color:#7a1c17}",
    ".empty{color:#444;font-size:14px}.empty p{margin:0 0 8px}",
    ".examples{display:flex;flex-direction:column;gap:6px;list-style:none;margin:0;padding:0}",
    ".examples button{width:100%;text-align:left;background:#fff;border:1px solid #c9c9c9;border-radius:8px;padding:8px 10px;color:#1f1f1f}",
    "form{display:flex;gap:8px;padding:10px;border-top:1px solid #e4e4e4;background:#fff}",
    "textarea{flex:1;resize:none;font:inherit;border:1px solid #8c8c8c;border-radius:8px;padding:8px;max-height:120px;color:#1f1f1f}textarea::placeholder{color:#6b6b6b}",
    "form button{border:0;border-radius:8px;background:var(--wb-accent);color:#fff;padding:0 16px}form button:disabled{opacity:.55;cursor:default}",
    ".source{position:absolute;inset:0;background:#fff;overflow-y:auto;padding:14px 16px}",
    ".source h3{margin:0 0 4px;font-size:15px}.source .meta{font-size:13px;color:#555;margin:0 0 10px}",
    ".source blockquote{margin:0;padding:10px 12px;border-left:4px solid var(--wb-accent);background:#f8f8f8;white-space:pre-wrap;word-break:break-word}",
    ".source .back{border:1px solid #bbb;background:#fff;border-radius:6px;padding:2px 10px;margin-bottom:10px;color:#1f1f1f}",
    "mark{background:#fff1b8;color:inherit}mark.fig{background:#ffd54f;font-weight:700}",
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
    "@media (max-width:480px){.panel{inset:0;width:auto;height:auto;border-radius:0}:host(.open) .launcher{display:none}}"
  ].join("");

  // --- tiny DOM helpers: text only, never HTML --------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var k in attrs || {}) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "class") node.className = attrs[k];
      else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), attrs[k]);
      else if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  function headingPath(c) {
    var nums = c.heading_numbers || [];
    return (c.heading_path || []).map(function (t, i) { return (nums[i] || "") + t; }).join(" › ");
  }

  function sourceLabel(c) {
    var where = headingPath(c);
    return "[" + c.n + "] " + c.doc_title + (c.year ? "（" + (c.place || "") + c.year + "）" : "") + (where ? " › " + where : "");
  }

  function shortLabel(c) {
    // Under an answer: year and the innermost heading; the full path is in the cited-paragraph view.
    var nums = c.heading_numbers || [], path = c.heading_path || [], last = path.length - 1;
    var where = last >= 0 ? (nums[last] || "") + path[last] : "正文开头";
    return "[" + c.n + "] " + (c.year ? c.year + "年 · " : "") + where;
  }

  // --- state --------------------------------------------------------------------------------------
  var state = load();
  var busy = false;
  var lastTrigger = null;

  function load() {
    try {
      var s = JSON.parse(sessionStorage.getItem(KEY) || "null");
      if (s && Array.isArray(s.turns)) return s;
    } catch (e) { /* unreadable storage: start a fresh conversation */ }
    return { turns: [], open: null };
  }

  function save() {
    state.turns = state.turns.slice(-MAX_TURNS);
    try { sessionStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* storage full or disabled: keep going */ }
  }

  // --- build the widget -----------------------------------------------------------------------------
  // A custom element name: host page rules for div, section or button never match the host.
  var host = el("wenbao-widget", { id: "wenbao-widget" });
  var root = host.attachShadow({ mode: "open" });
  if (data.accent) host.style.setProperty("--wb-accent", data.accent);
  if (root.adoptedStyleSheets !== undefined && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
    // A constructed stylesheet is not "inline style" for a host page's Content-Security-Policy.
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } else {
    root.appendChild(el("style", { text: CSS }));
  }

  // Icons are inline SVG, never emoji: desktops without a colour emoji font (UOS, Kylin, plain
  // Debian) draw emoji as empty boxes.
  function svgIcon(d, transform) {
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    var p = document.createElementNS("http://www.w3.org/2000/svg", "path");
    p.setAttribute("d", d);
    if (transform) p.setAttribute("transform", transform);
    svg.appendChild(p);
    return svg;
  }
  var icon = svgIcon("M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6v2h2V9H7zm4 0v2h2V9h-2zm4 0v2h2V9h-2z");
  // A raised thumb: the cuff, then the hand with its thumb up; "down" is the same turned over.
  var THUMB = "M2 10h4v11H2zM8 10.5l4.2-7.3c1.3-.2 2.5.8 2.5 2.2V9h5.1c1.3 0 2.3 1.2 2 2.5l-1.6 7.8A2.2 2.2 0 0 1 18 21H8z";

  var launcher = el("button", {
    class: "launcher", type: "button", "data-wenbao": "launcher", "aria-haspopup": "dialog",
    "aria-expanded": "false", "aria-controls": "wb-panel", "aria-label": "打开" + TITLE, onclick: toggle
  }, [icon]);
  var log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": "对话记录", tabindex: "0" });
  var input = el("textarea", {
    "data-wenbao": "input", rows: "2", placeholder: PLACEHOLDER, "aria-label": "输入问题", maxlength: "500",
    onkeydown: onKey
  });
  var send = el("button", { type: "submit", text: "发送", "aria-label": "发送问题" });
  var form = el("form", { onsubmit: function (e) { e.preventDefault(); ask(input.value); } }, [input, send]);
  var sourceView = el("section", { class: "source", "data-wenbao": "source", role: "region", "aria-label": "引用原文", hidden: "" });
  var status = el("div", { class: "sr", role: "status", "aria-live": "polite" });
  var panel = el("section", {
    class: "panel", id: "wb-panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "wb-title",
    lang: "zh-CN", hidden: "", onkeydown: function (e) {
      if (e.key !== "Escape") return;
      e.stopPropagation();
      if (!sourceView.hidden) closeSource(); else setOpen(false);
    }
  }, [
    el("header", {}, [
      el("h2", { id: "wb-title", text: TITLE }),
      el("button", { type: "button", text: "新对话", "aria-label": "开始新对话", onclick: reset }),
      el("button", { type: "button", class: "x", text: "×", "aria-label": "关闭问答窗口", onclick: function () { setOpen(false); } })
    ]),
    el("div", { class: "body" }, [log, sourceView]), form, status
  ]);
  root.appendChild(panel);
  root.appendChild(launcher);

  // --- open / close -----------------------------------------------------------------------------------
  function setOpen(open, focus) {
    panel.hidden = !open;
    host.classList.toggle("open", open);
    launcher.setAttribute("aria-expanded", String(open));
    launcher.setAttribute("aria-label", (open ? "关闭" : "打开") + TITLE);
    state.open = open;
    save();
    if (focus === false) return;
    if (open) input.focus(); else launcher.focus();
  }

  function toggle() { setOpen(panel.hidden); }

  function onKey(e) {
    // Enter sends, Shift+Enter is a new line; never send while an IME is composing Chinese text.
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      ask(input.value);
    }
  }

  function reset() {
    state.turns = [];
    save();
    closeSource();
    render();
    input.focus();
  }

  // --- rendering ------------------------------------------------------------------------------------------
  function render() {
    log.textContent = "";
    if (!state.turns.length) {
      log.appendChild(el("div", { class: "empty" }, [
        el("p", { text: "您好！我可以根据政府工作报告回答问题，并给出原文出处。可以这样问：" }),
        el("ul", { class: "examples", "aria-label": "示例问题" }, EXAMPLES.map(function (q) {
          return el("li", {}, [el("button", { type: "button", text: q, onclick: function () { ask(q); } })]);
        }))
      ]));
    }
    state.turns.forEach(function (t) { log.appendChild(t.role === "user" ? userBubble(t.content) : botBubble(t)); });
    log.scrollTop = log.scrollHeight;
  }

  function userBubble(text) {
    return el("div", { class: "msg user", "aria-label": "我的问题" }, [text]);
  }

  function citeButton(turn, c) {
    return el("button", {
      type: "button", class: "cite", "data-wenbao": "citation", "data-n": String(c.n), text: "[" + c.n + "]",
      "aria-label": "查看引用 " + c.n + "：" + sourceLabel(c),
      onclick: function (e) { openSource(c, turn, e.currentTarget); }
    });
  }

  function citationsByN(turn) {
    var byN = {};
    (turn.citations || []).forEach(function (c) { byN[c.n] = c; });
    return byN;
  }

  function answerNodes(turn) {
    // "[n]" markers become buttons; everything else is a text node.
    var byN = citationsByN(turn);
    var out = el("div", { class: "answer" });
    (turn.content || "").split(/(\[\d+\])/).forEach(function (part) {
      var m = /^\[(\d+)\]$/.exec(part);
      var c = m && byN[m[1]];
      if (c) {
        out.appendChild(citeButton(turn, c));
      } else if (part) {
        out.appendChild(document.createTextNode(part));
      }
    });
    return out;
  }

  // An answer across places: one row per place, each cell cited from that place's own report.
  function tableNodes(turn) {
    var byN = citationsByN(turn);
    var rows = turn.table.rows.map(function (r) {
      var c = r.n != null && byN[r.n];
      var cell = c ? el("td", {}, [r.value, citeButton(turn, c)]) : el("td", { class: "missing", text: r.stored === false ? "现有报告中没有该地的报告" : "报告中没有找到" });
      return el("tr", {}, [el("th", { scope: "row", text: r.place }), cell]);
    });
    var out = el("div", { class: "answer" }, [el("table", { class: "across", "data-wenbao": "table" }, [
      el("thead", {}, [el("tr", {}, [el("th", { scope: "col", text: "地区" }), el("th", { scope: "col", text: "报告中的表述" })])]),
      el("tbody", {}, rows)
    ])]);
    if (turn.table.note) out.appendChild(el("p", { class: "note", text: turn.table.note + "。" }));
    return out;
  }

  function botBubble(turn) {
    var clarify = turn.clarify && turn.clarify.options && turn.clarify.options.length ? turn.clarify : null;
    // Asked back (which place?): not a refusal, a question with one button per place.
    var refusal = turn.answerable === false && !clarify;
    var msg = el("article", { class: "msg bot" + (refusal ? " refusal" : ""), "data-wenbao": "message", "aria-label": refusal ? "未找到答案" : clarify ? "请选择地方" : "回答" });
    if (refusal) msg.appendChild(el("span", { class: "label", text: "报告中没有找到答案" }));
    msg.appendChild(turn.table && turn.table.rows && turn.table.rows.length ? tableNodes(turn) : answerNodes(turn));
    if (clarify) {
      msg.appendChild(el("div", { class: "options", role: "group", "aria-label": clarify.question, "data-wenbao": "clarify" }, clarify.options.map(function (o) {
        return el("button", { type: "button", text: o.label, title: o.question, onclick: function () { ask(o.question); } });
      })));
    }
    if (turn.rewritten && turn.rewritten !== turn.question) {
      msg.appendChild(el("div", { class: "hint", text: "理解为：" + turn.rewritten }));
    }
    var cites = turn.citations || [];
    if (cites.length) {
      msg.appendChild(el("div", { class: "hint", text: refusal ? "最接近的段落：" : "来源：" }));
      msg.appendChild(el("ol", { class: "sources", "aria-label": refusal ? "最接近的段落" : "来源" }, cites.map(function (c) {
        return el("li", {}, [el("button", { type: "button", text: shortLabel(c), "aria-label": "查看" + sourceLabel(c), onclick: function (e) { openSource(c, turn, e.currentTarget); } })]);
      })));
    }
    if (turn.done) {
      msg.appendChild(el("div", { class: "tools" }, [
        el("button", { type: "button", text: "复制", "aria-label": "复制回答", onclick: function (e) { copy(turn, e.currentTarget); } })
      ].concat(turn.answerId ? feedbackNodes(turn) : [])));
    }
    return msg;
  }

  // --- thumbs up/down under an answer; down offers an optional comment (a later rating replaces the earlier one) ---
  function feedbackNodes(turn) {
    var note = el("span", { class: "fbnote", role: "status" });
    var comment = el("textarea", { "data-wb": "feedback-comment", maxlength: "500", rows: "2", placeholder: "哪里不对？（可选）", "aria-label": "留言（可选）" });
    var box = el("div", { class: "fbbox", hidden: "" }, [comment, el("button", {
      type: "button", text: "发送", "data-wb": "feedback-send",
      onclick: function () { rate(turn, "down", comment.value.trim(), note); box.hidden = true; }
    })]);
    return [
      el("button", { type: "button", class: "rate", title: "有帮助", "data-wb": "feedback-up", "aria-label": "回答有帮助", "aria-pressed": String(turn.rating === "up"),
        onclick: function () { rate(turn, "up", "", note); box.hidden = true; } }, [svgIcon(THUMB)]),
      el("button", { type: "button", class: "rate", title: "没有帮助", "data-wb": "feedback-down", "aria-label": "回答没有帮助", "aria-pressed": String(turn.rating === "down"),
        onclick: function () { rate(turn, "down", "", note); box.hidden = false; comment.focus(); } }, [svgIcon(THUMB, "rotate(180 12 12)")]),
      note, box
    ];
  }

  function rate(turn, rating, comment, note) {
    fetch(API + "/api/feedback", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ answer_id: turn.answerId, rating: rating, comment: comment || null })
    }).then(function (res) {
      if (!res.ok) return res.json().then(function (b) { throw new Error((b && b.detail) || "请稍后再试。"); },
        function () { throw new Error("请稍后再试。"); });
      turn.rating = rating;
      save();
      ["up", "down"].forEach(function (r) {
        var b = note.parentNode && note.parentNode.querySelector('[data-wb="feedback-' + r + '"]');
        if (b) b.setAttribute("aria-pressed", String(r === rating));
      });
      note.textContent = "谢谢反馈";
    }).catch(function (err) {
      note.textContent = "反馈没有送达：" + (err instanceof TypeError ? "请检查网络后再试。" : err.message);
    });
  }

  // --- the cited paragraph, with the quoted sentence and its figures highlighted ------------------------
  function quotedParts(turn, n) {
    var parts = (turn.content || "").split(/(\[\d+\])/);
    var quotes = [];
    for (var i = 1; i < parts.length; i++) {
      if (parts[i] !== "[" + n + "]") continue;
      (parts[i - 1] || "").split(/…+|\.{3,}/).forEach(function (q) {
        q = q.replace(/^[\s，。；：、,.;:]+|[\s，。；：、,.;:]+$/g, "");
        if (q.length >= 4) quotes.push(q);
      });
    }
    return quotes;
  }

  function highlighted(text, quotes) {
    var flags = new Array(text.length).fill(0); // bit 1: quoted sentence, bit 2: quoted figure
    quotes.forEach(function (q) {
      var at = text.indexOf(q);
      if (at >= 0) for (var i = at; i < at + q.length; i++) flags[i] |= 1;
      (q.match(/\d+(?:\.\d+)?\s*(?:%|‰|亿元|万元|亿|万|元|个百分点|倍)?/g) || []).forEach(function (f) {
        for (var from = 0, j; f.length > 1 && (j = text.indexOf(f, from)) >= 0; from = j + f.length) {
          if (at >= 0 && (j < at || j >= at + q.length)) continue;
          for (var k = j; k < j + f.length; k++) flags[k] |= 2;
        }
      });
    });
    var out = el("blockquote", {});
    for (var s = 0, e = 1; s < text.length; e++) {
      if (e < text.length && flags[e] === flags[s]) continue;
      var piece = text.slice(s, e);
      out.appendChild(flags[s] & 2 ? el("mark", { class: "fig", text: piece }) : flags[s] ? el("mark", { text: piece }) : document.createTextNode(piece));
      s = e;
    }
    return out;
  }

  function openSource(c, turn, trigger) {
    lastTrigger = trigger || null;
    sourceView.textContent = "";
    var heading = el("h3", { tabindex: "-1", text: c.doc_title || "报告原文" });
    var where = headingPath(c);
    sourceView.appendChild(el("button", { type: "button", class: "back", text: "← 返回对话", onclick: closeSource }));
    sourceView.appendChild(heading);
    sourceView.appendChild(el("p", { class: "meta", text: [c.place || "", c.year ? c.year + "年" : "", where || "（正文开头）"].filter(Boolean).join(" · ") }));
    sourceView.appendChild(highlighted(c.text || "", quotedParts(turn, c.n)));
    // footnotes and glossary entries of the paragraph: an answer may quote one of them
    if (c.notes && c.notes.length) {
      var notes = el("ol", { class: "notes", "data-wb": "notes" });
      c.notes.forEach(function (note) { notes.appendChild(el("li", {}, [highlighted(note, quotedParts(turn, c.n))])); });
      sourceView.appendChild(el("p", { class: "meta", text: "注释：" }));
      sourceView.appendChild(notes);
    }
    sourceView.hidden = false;
    heading.focus();
  }

  function closeSource() {
    if (sourceView.hidden) return;
    sourceView.hidden = true;
    if (lastTrigger && lastTrigger.isConnected) lastTrigger.focus(); else input.focus();
  }

  function copy(turn, button) {
    var text = turn.content + (turn.citations && turn.citations.length ? "\n\n参考：\n" + turn.citations.map(sourceLabel).join("\n") : "");
    var done = function (ok) {
      button.textContent = ok ? "已复制" : "复制失败";
      status.textContent = ok ? "回答已复制" : "无法复制，请手动选择文字复制。";
      setTimeout(function () { button.textContent = "复制"; }, 2000);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
    } else {
      done(false);
    }
  }

  // --- asking: POST /api/ask/stream, read as Server-Sent Events ---------------------------------------------
  function showError(text) {
    log.appendChild(el("div", { class: "msg error", role: "alert", text: text }));
    log.scrollTop = log.scrollHeight;
  }

  function parseFrames(buffer, onEvent) {
    var frames = buffer.split(/\r?\n\r?\n/);
    var rest = frames.pop();
    frames.forEach(function (frame) {
      var event = "message", lines = [];
      frame.split(/\r?\n/).forEach(function (line) {
        if (line.indexOf("event:") === 0) event = line.slice(6).trim();
        else if (line.indexOf("data:") === 0) lines.push(line.slice(5).replace(/^ /, ""));
      });
      if (lines.length) onEvent(event, JSON.parse(lines.join("\n")));
    });
    return rest;
  }

  function ask(raw) {
    var question = (raw || "").trim();
    if (!question || busy) return;
    if (question.length > 500) { showError("问题太长了：请控制在 500 个字以内。"); return; }
    // A question sent while a cited paragraph is open is answered in the conversation: show it.
    sourceView.hidden = true;
    var history = state.turns.slice(-10).map(function (t) { return { role: t.role, content: t.content }; });
    state.turns.push({ role: "user", content: question });
    save();
    input.value = "";
    render();
    busy = true;
    send.disabled = true;
    log.setAttribute("aria-busy", "true");
    var turn = { role: "assistant", content: "", question: question, citations: [], answerable: true, done: false };
    var bubble = el("article", { class: "msg bot typing", "data-wenbao": "message", "aria-label": "正在回答" }, [
      "正在查找报告", el("i"), el("i"), el("i")
    ]);
    log.appendChild(bubble);
    log.scrollTop = log.scrollHeight;
    status.textContent = "正在查找报告";

    function redraw() {
      var fresh = botBubble(turn);
      bubble.replaceWith(fresh);
      bubble = fresh;
      // Keep the question and the start of its answer in view, even when the sources are long.
      var asked = bubble.previousElementSibling || bubble;
      log.scrollTop = Math.min(asked.offsetTop - 8, log.scrollHeight);
    }

    function onEvent(event, payload) {
      if (event === "citations") {
        turn.citations = payload.citations || [];
        turn.answerable = payload.answerable !== false;
        turn.rewritten = payload.rewritten_question;
        turn.clarify = payload.clarify || null;
        turn.table = payload.table || null;
      } else if (event === "delta") {
        turn.content += payload.text || "";
        redraw();
      } else if (event === "done") {
        turn.content = payload.answer;
        turn.citations = payload.citations || [];
        turn.answerable = payload.answerable;
        turn.rewritten = payload.rewritten_question;
        turn.clarify = payload.clarify || null;
        turn.table = payload.table || null;
        turn.answerId = payload.answer_id;
        turn.done = true;
        redraw();
      }
    }

    fetch(API + "/api/ask/stream", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify(KB ? { question: question, kb: KB, history: history } : { question: question, history: history })
    }).then(function (res) {
      if (!res.ok) {
        return res.json().then(function (body) { throw new Error(politeStatus(res.status, body && body.detail)); },
          function () { throw new Error(politeStatus(res.status)); });
      }
      var reader = res.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      return (function pump() {
        return reader.read().then(function (r) {
          if (r.done) return;
          buffer = parseFrames(buffer + decoder.decode(r.value, { stream: true }), onEvent);
          return pump();
        });
      })();
    }).then(function () {
      if (!turn.done) throw new Error("回答中断了，请再问一次。");
      // The shown turn itself is stored, so a rating given on it is remembered across reloads.
      state.turns.push(turn);
      save();
      status.textContent = turn.clarify ? "请选择地方" : turn.answerable ? "已回答" : "报告中没有找到答案";
    }).catch(function (err) {
      bubble.remove();
      var msg = err instanceof TypeError ? "暂时无法连接到问答服务，请检查网络后再试。" : err.message;
      showError(msg || "出了点问题，请稍后再试。");
      status.textContent = msg;
    }).then(function () {
      busy = false;
      send.disabled = false;
      log.removeAttribute("aria-busy");
    });
  }

  function politeStatus(code, detail) {
    if (code === 429) return detail || "提问太频繁了，请稍等片刻再试。";
    if (code === 503) return "问答服务正在准备中，请稍后再试。" + (detail ? "（" + detail + "）" : "");
    if (code >= 400 && code < 500 && detail) return "无法回答这个问题：" + detail;
    return "问答服务暂时出了问题，请稍后再试。";
  }

  // --- start ---------------------------------------------------------------------------------------------------
  function start() {
    document.body.appendChild(host);
    render();
    var open = state.open === null ? data.open === "true" : state.open;
    if (open) setOpen(true, false);
  }

  window.wenbaoWidget = {
    open: function () { setOpen(true); },
    close: function () { setOpen(false); },
    ask: function (q) { setOpen(true, false); ask(q); }
  };
  if (document.body) start(); else document.addEventListener("DOMContentLoaded", start);
})();
