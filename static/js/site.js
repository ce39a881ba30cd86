/* Progressive enhancements only: every page can be read without this file.
   No inline scripts, so the Content-Security-Policy can forbid them. */
(function () {
    "use strict";
    document.documentElement.classList.remove("no-js");
    document.documentElement.classList.add("js");

    function show(selector) {
        document.querySelectorAll(selector).forEach(function (el) { el.hidden = false; });
    }

    // --- Quick exit -------------------------------------------------------
    // Replace the current history entry so Back does not return here, and
    // blank the page at once in case the next site is slow to load.
    function quickExit(url) {
        document.body.hidden = true;
        document.title = "";
        window.location.replace(url);
    }

    var exitUrl = document.body.getAttribute("data-quick-exit-url");
    document.querySelectorAll("[data-quick-exit]").forEach(function (link) {
        link.addEventListener("click", function (event) {
            event.preventDefault();
            quickExit(link.getAttribute("href") || exitUrl);
        });
    });
    show(".quick-exit__hint");

    // Shift pressed three times within two seconds.
    var shiftTimes = [];
    document.addEventListener("keyup", function (event) {
        if (event.key !== "Shift") { shiftTimes = []; return; }
        var now = Date.now();
        shiftTimes = shiftTimes.filter(function (t) { return now - t < 2000; });
        shiftTimes.push(now);
        if (shiftTimes.length >= 3 && exitUrl) { quickExit(exitUrl); }
    });

    // --- Dismissible alerts ----------------------------------------------
    // Remembered per wording: an edited alert has a new key and shows again.
    var storageKey = "dismissed-alerts";
    function dismissed() {
        try { return JSON.parse(window.localStorage.getItem(storageKey) || "[]"); } catch (e) { return []; }
    }
    document.querySelectorAll("[data-alert-key]").forEach(function (alert) {
        var key = alert.getAttribute("data-alert-key");
        if (dismissed().indexOf(key) !== -1) { alert.hidden = true; return; }
        var button = alert.querySelector("[data-alert-dismiss]");
        if (!button) { return; }
        button.hidden = false;
        button.addEventListener("click", function () {
            var keys = dismissed().concat([key]).slice(-20);
            try { window.localStorage.setItem(storageKey, JSON.stringify(keys)); } catch (e) { /* private mode */ }
            alert.hidden = true;
            var main = document.getElementById("main-content");
            if (main) { main.focus(); }
        });
    });
})();
