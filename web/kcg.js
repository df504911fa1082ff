// kcg serve: search as you type.  Fetches /api/search?q= (the JSON of the
// search page) and lists the names that start with the text, and the
// nearest names; a name several functions share is listed with its files.
(function () {
	"use strict";
	var q = document.getElementById("q");
	var matches = document.getElementById("matches");
	var nearest = document.getElementById("nearest");
	var pending = null, shown = "";

	if (!q || !matches)
		return;

	function link(name, key, file) {
		var li = document.createElement("li");
		var a = document.createElement("a");
		a.className = "fn";
		a.href = "/function?name=" + encodeURIComponent(key);
		a.textContent = name;
		li.appendChild(a);
		if (file) {
			var s = document.createElement("span");
			s.className = "file";
			s.textContent = " " + file;
			li.appendChild(s);
		}
		return li;
	}

	function show(data) {
		var t = data.tables, i;
		matches.textContent = "";
		for (i = 0; i < t.matches.length; i++) {
			var m = t.matches[i];
			var key = m.same_name > 1 && m.file ?
				m.name + "@" + m.file : m.name;
			matches.appendChild(link(m.name, key,
				m.file ? m.file + ":" + m.line : ""));
		}
		nearest.textContent = t.nearest.length ? "Nearest names: " : "";
		for (i = 0; i < t.nearest.length; i++) {
			var a = document.createElement("a");
			a.className = "fn";
			a.href = "/function?name=" +
				encodeURIComponent(t.nearest[i].name);
			a.textContent = t.nearest[i].name;
			if (i)
				nearest.appendChild(document.createTextNode(", "));
			nearest.appendChild(a);
		}
	}

	function update() {
		var text = q.value.trim();
		if (text === shown)
			return;
		shown = text;
		if (!text) {
			matches.textContent = "";
			nearest.textContent = "";
			return;
		}
		fetch("/api/search?q=" + encodeURIComponent(text))
			.then(function (r) { return r.json(); })
			.then(function (d) { if (shown === text) show(d); })
			.catch(function () {});
	}

	q.addEventListener("input", function () {
		clearTimeout(pending);
		pending = setTimeout(update, 120);
	});
})();
