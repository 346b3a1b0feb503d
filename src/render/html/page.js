(function(){
"use strict";
var t0=performance.now();
var maps={},current=null;
function norm(id){return id.split('/').map(function(s){try{return decodeURIComponent(s)}catch(e){return s}}).join('\u0000')}
document.querySelectorAll('svg.map').forEach(function(svg){
  var m={svg:svg,views:{},on:null};
  svg.querySelectorAll('g.view').forEach(function(g){m.views[norm(g.dataset.view)]=g});
  svg.querySelectorAll('g.n').forEach(function(n){
    var r=n.querySelector('rect[data-depth="1"]');
    if(!m.views[norm(n.dataset.to||r.dataset.node)])n.removeAttribute('data-go');
  });
  maps[svg.dataset.map]=m;
});
var crumbs=document.querySelector('.crumbs');
function crumb(m,g){
  var parts=[],at=g;
  while(at){parts.unshift(at);var p=at.dataset.parent;at=(p!==undefined&&p!=='-')?m.views[norm(p)]:null}
  crumbs.textContent='';
  parts.forEach(function(v,i){
    if(i){var s=document.createElement('span');s.className='sep';s.textContent='›';crumbs.appendChild(s)}
    var a=document.createElement(i<parts.length-1?'a':'span');a.textContent=v.dataset.label;
    if(i<parts.length-1){a.tabIndex=0;a.onclick=function(){show(m,v,true)};a.onkeydown=function(e){if(e.key==='Enter')show(m,v,true)}}
    crumbs.appendChild(a);
  });
}
function show(m,g,push){
  Object.keys(maps).forEach(function(k){maps[k].svg.classList.toggle('on',maps[k]===m)});
  document.querySelectorAll('button[data-show]').forEach(function(b){b.setAttribute('aria-pressed',b.dataset.show===m.svg.dataset.map)});
  if(m.on)m.on.classList.remove('on');
  g.classList.add('on');m.on=g;current=m;crumb(m,g);
  if(push){var id=g.dataset.view;var h='#/'+(id||(m.svg.dataset.map==='folder'?'folder':''));if(location.hash!==h)history.replaceState(null,'',h)}
}
function up(m){var p=m.on&&m.on.dataset.parent;if(p!==undefined&&p!=='-'&&m.views[norm(p)])show(m,m.views[norm(p)],true)}
function zoom(m,n){var r=n.querySelector('rect[data-depth="1"]');var v=m.views[norm(n.dataset.to||r.dataset.node)];if(v){show(m,v,true);var f=v.querySelector('g.n');if(f)f.focus()}}
Object.keys(maps).forEach(function(k){
  var m=maps[k];
  m.svg.addEventListener('click',function(e){var n=e.target.closest('g.n');if(n)zoom(m,n)});
  m.svg.addEventListener('keydown',function(e){
    var n=e.target.closest&&e.target.closest('g.n');
    if(e.key==='Enter'||e.key===' '){if(n){zoom(m,n);e.preventDefault()}}
    else if(e.key==='Backspace'||e.key==='Escape'){up(m);var f=m.on.querySelector('g.n');if(f)f.focus();e.preventDefault()}
    else if(n&&/^Arrow/.test(e.key)){var all=Array.prototype.slice.call(m.on.querySelectorAll('g.n'));var i=all.indexOf(n);
      var j=(e.key==='ArrowRight'||e.key==='ArrowDown')?Math.min(all.length-1,i+1):Math.max(0,i-1);all[j].focus();e.preventDefault()}
  });
});
document.querySelectorAll('button[data-show]').forEach(function(b){b.onclick=function(){var m=maps[b.dataset.show];show(m,m.on||m.svg.querySelector('g.view'),true)}});
function open(){
  var id=location.hash.replace(/^#\/?/,'');
  var m=(id==='folder'||id.indexOf('folder/')===0)?maps.folder:maps.meaning;
  if(!m)return;
  var key=norm(id),g=m.views[key]||null,best=null;
  // A node zoomed through (one child only) opens at the view below it.
  if(!g)Object.keys(m.views).forEach(function(k){if(k.indexOf(key+'\u0000')===0&&(best===null||k.length<best.length))best=k});
  if(best!==null)g=m.views[best];
  var segs=id.split('/');
  for(var i=segs.length;i>=0&&!g;i--){g=m.views[norm(segs.slice(0,i).join('/'))]||null}
  show(m,g||m.svg.querySelector('g.view'),false);
}
if(maps.folder)maps.folder.on=maps.folder.svg.querySelector('g.view');
if(maps.folder)maps.folder.on.classList.add('on');
open();
window.addEventListener('hashchange',open);
document.querySelectorAll('table.sortable th').forEach(function(th){
  function sort(){
    var table=th.closest('table'),tb=table.tBodies[0],i=Array.prototype.indexOf.call(th.parentNode.children,th);
    var dir=th.getAttribute('aria-sort')==='descending'?1:-1;
    th.parentNode.querySelectorAll('th').forEach(function(x){x.setAttribute('aria-sort','none')});
    th.setAttribute('aria-sort',dir>0?'ascending':'descending');
    var rows=Array.prototype.slice.call(tb.rows);
    function key(r){var c=r.cells[i];if(!c)return '';var s=c.getAttribute('data-sort');if(s!==null)return parseFloat(s);var n=parseFloat(c.textContent);return isNaN(n)?c.textContent.toLowerCase():n}
    rows.sort(function(a,b){var x=key(a),y=key(b);return (x<y?-1:x>y?1:0)*dir});
    rows.forEach(function(r){tb.appendChild(r)});
  }
  th.onclick=sort;th.onkeydown=function(e){if(e.key==='Enter')sort()};
});
var ms=performance.now();
document.getElementById('drawn').textContent='drawn in '+(ms-t0).toFixed(1)+' ms (page ready at '+ms.toFixed(1)+' ms)';
document.body.dataset.drawMs=ms.toFixed(1);
})();
