// The SPARQL query page: YASGUI when its script loaded from the CDN, else the plain form.
// A file of its own, not inline, so that the page's Content-Security-Policy allows no inline script.
window.addEventListener("load", function () {
  var textarea = document.getElementById("query");
  var yasgui = null;
  if (window.Yasgui) {
    var editor = document.getElementById("yasgui");
    yasgui = new Yasgui(editor, {
      requestConfig: { endpoint: editor.getAttribute("data-endpoint"), method: "POST" },
      copyEndpointOnNewTab: false,
      persistenceId: null
    });
    yasgui.getTab().setQuery(textarea.value);
    document.body.classList.add("yasgui-on");
  }
  document.querySelectorAll("button.load").forEach(function (button) {
    button.addEventListener("click", function () {
      var query = button.getAttribute("data-query");
      if (yasgui) { yasgui.getTab().setQuery(query); } else { textarea.value = query; }
      window.scrollTo(0, 0);
    });
  });
});
