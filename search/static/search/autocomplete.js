/* Suggestions under the site's search box: the ARIA 1.2 combobox pattern with a list of titles.
   Progressive enhancement: without this script the box is a plain search form. */
(function () {
    "use strict";

    var DELAY_MS = 200;
    var MIN_LENGTH = 2;

    function enhance(form) {
        var input = form.querySelector("input[data-autocomplete]");
        if (!input) {
            return;
        }
        var listId = input.id + "-suggestions";
        var list = document.createElement("ul");
        list.id = listId;
        list.className = "site-search__suggestions";
        list.setAttribute("role", "listbox");
        list.setAttribute("aria-label", input.labels && input.labels[0] ? input.labels[0].textContent : "");
        list.hidden = true;
        var status = document.createElement("p");
        status.className = "visually-hidden";
        status.setAttribute("role", "status");
        input.parentNode.appendChild(list);
        form.appendChild(status);

        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", listId);
        input.setAttribute("autocomplete", "off");

        var suggestions = [];
        var active = -1;
        var timer = null;
        var request = null;

        function close() {
            list.hidden = true;
            list.textContent = "";
            suggestions = [];
            active = -1;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
        }

        function announce(count) {
            var text = "";
            if (count === 1) {
                text = input.dataset.oneSuggestion;
            } else if (count > 1) {
                text = input.dataset.manySuggestions.replace("{count}", String(count));
            }
            status.textContent = text;
        }

        function show(items) {
            close();
            suggestions = items;
            items.forEach(function (item, position) {
                var option = document.createElement("li");
                option.id = listId + "-" + position;
                option.setAttribute("role", "option");
                option.setAttribute("aria-selected", "false");
                var title = document.createElement("span");
                title.className = "site-search__suggestion-title";
                title.textContent = item.title;
                var kind = document.createElement("span");
                kind.className = "site-search__suggestion-type";
                kind.textContent = item.type;
                option.appendChild(title);
                option.appendChild(kind);
                // mousedown, not click: the input must not lose focus first and close the list.
                option.addEventListener("mousedown", function (event) {
                    event.preventDefault();
                    window.location.href = item.url;
                });
                list.appendChild(option);
            });
            if (items.length) {
                list.hidden = false;
                input.setAttribute("aria-expanded", "true");
            }
            announce(items.length);
        }

        function choose(position) {
            var options = list.querySelectorAll("[role=option]");
            if (!options.length) {
                return;
            }
            active = (position + options.length) % options.length;
            options.forEach(function (option, index) {
                option.setAttribute("aria-selected", index === active ? "true" : "false");
            });
            input.setAttribute("aria-activedescendant", options[active].id);
            options[active].scrollIntoView({block: "nearest"});
        }

        function fetchSuggestions() {
            var text = input.value.trim();
            if (text.length < MIN_LENGTH) {
                close();
                return;
            }
            if (request) {
                request.abort();
            }
            request = new AbortController();
            var url = form.dataset.suggestionsUrl + "?q=" + encodeURIComponent(text);
            fetch(url, {signal: request.signal, headers: {"Accept": "application/json"}})
                .then(function (response) { return response.ok ? response.json() : {suggestions: []}; })
                .then(function (data) {
                    if (input.value.trim() === text && document.activeElement === input) {
                        show(data.suggestions || []);
                    }
                })
                .catch(function () { /* offline or superseded: the form still works */ });
        }

        input.addEventListener("input", function () {
            window.clearTimeout(timer);
            timer = window.setTimeout(fetchSuggestions, DELAY_MS);
        });

        input.addEventListener("keydown", function (event) {
            var open = !list.hidden;
            if (event.key === "ArrowDown") {
                if (open) {
                    event.preventDefault();
                    choose(active + 1);
                } else if (input.value.trim().length >= MIN_LENGTH) {
                    event.preventDefault();
                    fetchSuggestions();
                }
            } else if (event.key === "ArrowUp" && open) {
                event.preventDefault();
                choose(active - 1);
            } else if (event.key === "Enter" && open && active >= 0) {
                // Enter on a chosen title opens it; otherwise the form searches as usual.
                event.preventDefault();
                window.location.href = suggestions[active].url;
            } else if (event.key === "Escape" && open) {
                event.preventDefault();
                close();
            }
        });

        input.addEventListener("blur", function () {
            window.setTimeout(close, 100);
        });
    }

    document.querySelectorAll("form[data-suggestions-url]").forEach(enhance);
})();
