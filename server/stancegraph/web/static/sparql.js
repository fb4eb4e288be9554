// The SPARQL query page: YASGUI (served from this server) over the plain form, which stays the
// page's answer when JavaScript or YASGUI is missing. A file of its own, not inline, so that the
// page's Content-Security-Policy allows no inline script. Everything the page needs comes from
// data attributes: the endpoint (a path on this server), the base IRI and the prefixes.
window.addEventListener("DOMContentLoaded", function () {
  var holder = document.getElementById("yasgui");
  if (!holder || !window.Yasgui) { return; }
  // The endpoint as the browser resolves it against this page: never a host the server guessed.
  var endpoint = new URL(holder.getAttribute("data-endpoint"), document.baseURI).href;
  var prefixes = JSON.parse(holder.getAttribute("data-prefixes"));
  var declarations = Object.keys(prefixes).map(function (name) {
    return name + ": <" + prefixes[name] + ">";
  });

  // Typing `actor:` adds `PREFIX actor: <…>` (YASQE's prefix completer, fed our prefixes only);
  // the class and property completers, which ask a service elsewhere (LOV), stay off.
  Yasgui.Yasqe.forkAutocompleter("prefixes", {
    name: "stancegraph-prefixes",
    persistenceId: null,
    get: function () { return Promise.resolve(declarations.slice().sort()); }
  }, false);
  // Set, not passed in the config: YASGUI merges arrays of its defaults item by item.
  var completers = ["stancegraph-prefixes", "variables"];
  Yasgui.Yasqe.defaults.autocompleters = completers;
  Yasgui.defaults.yasqe.autocompleters = completers;

  var textarea = document.getElementById("query");
  var yasgui = new Yasgui(holder, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    populateFromUrl: false,
    persistenceId: null,
    tabName: "Query",
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: {
      value: textarea ? textarea.value : "",
      persistenceId: null,
      showQueryButton: true
    },
    yasr: { prefixes: prefixes, persistenceId: null }
  });
  document.body.classList.add("yasgui-on");

  // YASR links an IRI to itself; one under the base is served here, so its link leads here.
  var base = holder.getAttribute("data-base");
  var root = new URL(".", endpoint).href;
  function localLink(event) {
    var link = event.target.closest ? event.target.closest("a.iri") : null;
    if (link && link.href.indexOf(base) === 0) { link.href = root + link.href.slice(base.length); }
  }
  holder.addEventListener("click", localLink, true);
  holder.addEventListener("auxclick", localLink, true);

  // Each research question: one click opens its query in a tab of its own and runs it.
  document.querySelectorAll("a.example").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var title = link.getAttribute("data-title");
      var query = link.getAttribute("data-query");
      var name = title.length > 48 ? title.slice(0, 47) + "…" : title;
      var tab = yasgui.addTab(true, { name: name, yasqe: { value: query } });
      tab.setQuery(query);
      tab.query();
      holder.scrollIntoView({ block: "start" });
    });
  });
});
