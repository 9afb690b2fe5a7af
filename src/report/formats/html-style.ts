/** Inline assets of the HTML report: no remote fonts, scripts or images, so it opens offline. */

export const HTML_CSS = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5rem;color:#1f2328;background:#fff}
h1{font-size:1.4rem;margin:0 0 .5rem}
.summary{font-weight:600}
input[type=search]{font:inherit;padding:.3rem .5rem;width:22rem;margin:.5rem 0 1rem}
table.matrix{border-collapse:collapse}
.matrix th,.matrix td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
.matrix thead th{background:#f6f8fa;font-weight:600;font-size:12px;position:sticky;top:0;z-index:2}
.matrix tbody th{white-space:nowrap;position:sticky;left:0;background:#fff;z-index:1}
.matrix thead th:first-child{left:0;z-index:3}
.matrix td.cause{max-width:28rem;font-size:12px}
.matrix td a{color:inherit;text-decoration:none;display:block}
.sev-critical{background:#d73a49;color:#fff}
.sev-warning{background:#f0b429;color:#1f2328}
.sev-info{background:#3b82f6;color:#fff}
.sev-ok{background:#2da44e;color:#fff}
.sev-unreachable{background:#8250df;color:#fff}
.sev-waived{background:#d0d7de;color:#1f2328}
.sev-skipped{background:#f6f8fa;color:#6e7781}
details.finding{border-left:4px solid #d0d7de;margin:.5rem 0;padding:.3rem .6rem}
details.finding.critical{border-color:#d73a49}
details.finding.warning{border-color:#f0b429}
details.finding.info{border-color:#3b82f6}
details.finding summary{cursor:pointer}
pre{background:#f6f8fa;padding:.5rem;overflow-x:auto;white-space:pre-wrap}
.hidden{display:none}
.timeline h3{font-size:1rem;margin:1rem 0 .3rem}
table.tl{border-collapse:collapse;width:100%;max-width:72rem}
.tl td{padding:.2rem .4rem;border-bottom:1px solid #eaeef2;vertical-align:middle;font-size:12px}
.tl .tl-when{white-space:nowrap;color:#57606a}
.tl-gone .tl-msg{color:#57606a}
.tl-track{position:relative;width:14rem;min-width:14rem;background:#f6f8fa}
.tl-bar{position:absolute;top:50%;height:10px;margin-top:-5px;border-radius:2px}
.tl-gone .tl-bar{opacity:.45}
`

/** Text filter: hides matrix rows and finding details whose text does not contain the query (case-insensitive). */
export const HTML_SCRIPT = `
(function(){
  var input=document.getElementById('filter');
  function apply(){
    var q=input.value.trim().toLowerCase();
    document.querySelectorAll('[data-text]').forEach(function(el){
      el.classList.toggle('hidden', q!=='' && el.getAttribute('data-text').indexOf(q)<0);
    });
  }
  // #q=TEXT in the URL pre-fills the filter, so a filtered view can be linked to.
  var m=/^#q=(.*)$/.exec(location.hash);
  if(m){try{input.value=decodeURIComponent(m[1]);}catch(e){}}
  input.addEventListener('input', function(){
    apply();
    history.replaceState(null,'',input.value?'#q='+encodeURIComponent(input.value):location.pathname);
  });
  apply();
})();
`
