/** The operator console's browser script: platform sign-in, then stores: onboard, suspend, resume. */
export const OPERATOR_SCRIPT = String.raw`
(function(){
var $=function(s){return document.querySelector(s);};
function esc(v){return String(v==null?'':v).replace(/[&<>"']/g,function(c){return '&#'+c.charCodeAt(0)+';';});}
function say(t){$('#console-status').textContent=t;}
var token=sessionStorage.getItem('operatorToken');
function api(method,path,body){return fetch(path,{method:method,headers:Object.assign({authorization:'Bearer '+token},body?{'content-type':'application/json'}:{}),body:body?JSON.stringify(body):undefined})
  .then(function(r){return r.text().then(function(t){var b=t?JSON.parse(t):null;if(!r.ok){throw new Error((b&&b.errors&&b.errors.length)?b.errors.map(function(e){return e.path+' '+e.message;}).join('; '):(b&&b.detail)||r.statusText);}return b;});});}
if(!token){$('#signin').hidden=false;
  $('#signin-form').addEventListener('submit',function(e){e.preventDefault();var f=new FormData(e.target);
    fetch('/platform/auth/login',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({email:f.get('email'),password:f.get('password')})})
    .then(function(r){return r.json().then(function(b){if(!r.ok||!b.idToken){say(b.detail||'Sign-in failed.');return;}sessionStorage.setItem('operatorToken',b.idToken);location.reload();});});});
  return;}
$('#workspace').hidden=false;
$('#sign-out').addEventListener('click',function(){sessionStorage.removeItem('operatorToken');location.reload();});
function load(){return api('GET','/platform/tenants?limit=100').then(function(b){
  $('#tenants tbody').innerHTML=b.items.map(function(t){return '<tr data-id="'+esc(t.id)+'"><td>'+esc(t.name)+'</td><td>'+esc(t.id)+'</td><td>'+esc(t.domains.join(', '))+'</td><td>'+esc(t.tier)+'</td><td data-testid="status">'+esc(t.status)+'</td><td>'+
    (t.status==='active'?'<button type="button" class="suspend">Suspend</button>':'<button type="button" class="resume">Resume</button>')+'</td></tr>';}).join('');}).catch(function(e){say(e.message);});}
$('#tenants').addEventListener('click',function(e){var action=e.target.classList.contains('suspend')?'suspend':e.target.classList.contains('resume')?'resume':null;if(!action)return;
  var id=e.target.closest('tr').dataset.id;api('POST','/platform/tenants/'+id+'/'+action).then(function(t){return load().then(function(){say(t.name+' is now '+t.status+'.');});}).catch(function(err){say(err.message);});});
$('#onboard-form').addEventListener('submit',function(e){e.preventDefault();var f=e.target;
  api('POST','/platform/tenants',{slug:f.slug.value,name:f.name.value,domains:f.domains.value.split(',').map(function(d){return d.trim();}).filter(Boolean),tier:f.tier.value,firstAdmin:{email:f.adminEmail.value,name:f.adminName.value}})
  .then(function(r){f.reset();return load().then(function(){say('Onboarded '+r.tenant.name+'. First admin '+r.firstAdmin.email+', temporary password: '+r.firstAdmin.temporaryPassword);});}).catch(function(err){say(err.message);});});
load();
})();
`;
