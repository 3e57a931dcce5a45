/* Report form: keep what is typed on this device until the server has it, and warn before leaving
   with unsaved changes. A lost connection or an expired session never loses text. No dependencies. */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) return;
  var key = "portal-report-" + form.getAttribute("data-report");
  // The server's last save of this report: text kept from before a later save is stale.
  var version = form.getAttribute("data-version");
  var selector = "input[type=text]:not([data-no-keep]), input[type=date], input:not([type]), textarea, select";
  var store = null;
  try { store = window.localStorage; store.getItem(key); } catch (e) { store = null; }

  function snapshot() {
    var data = {};
    Array.prototype.forEach.call(form.querySelectorAll(selector), function (f) { if (f.name) data[f.name] = f.value; });
    return data;
  }
  function same(a, b) {
    var keys = Object.keys(b);
    for (var i = 0; i < keys.length; i++) if ((a[keys[i]] || "") !== (b[keys[i]] || "")) return false;
    return true;
  }

  var dirty = false, timer = null;
  form.addEventListener("input", function () {
    dirty = true;
    if (!store) return;
    clearTimeout(timer);
    timer = setTimeout(function () {
      try { store.setItem(key, JSON.stringify({v: version, d: snapshot()})); } catch (e) { /* storage full: the form still works */ }
    }, 700);
  });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });

  if (!store) return;
  var record = null;
  try { record = JSON.parse(store.getItem(key) || "null"); } catch (e) { record = null; }
  if (!record || !record.d) return;
  var kept = record.d;
  if (record.v !== version || same(snapshot(), kept)) { store.removeItem(key); return; }
  var banner = document.getElementById("restore-banner");
  var button = document.getElementById("restore-button");
  if (!banner || !button) return;
  banner.className += " show";
  button.addEventListener("click", function () {
    Array.prototype.forEach.call(form.querySelectorAll(selector), function (f) {
      if (f.name && Object.prototype.hasOwnProperty.call(kept, f.name)) f.value = kept[f.name];
    });
    dirty = true;
    banner.className = banner.className.replace(" show", "");
  });
})();
