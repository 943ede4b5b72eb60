/**
 * The store console's browser script: plain DOM, no framework. It signs staff in against this
 * store's `/auth/login` and drives the JSON API with the ID token; what it shows follows the
 * roles in that token (the API enforces them regardless).
 */
export const ADMIN_SCRIPT = String.raw`
(function(){
var $=function(s){return document.querySelector(s);};
function esc(v){return String(v==null?'':v).replace(/[&<>"']/g,function(c){return '&#'+c.charCodeAt(0)+';';});}
function claims(t){try{return JSON.parse(atob(t.split('.')[1].replace(/-/g,'+').replace(/_/g,'/')));}catch(e){return null;}}
var token=localStorage.getItem('idToken');var me=token&&claims(token);
if(me&&me.exp*1000<Date.now()){localStorage.removeItem('idToken');token=null;me=null;}
var roles=(me&&me['cognito:groups'])||[];
var isAdmin=roles.indexOf('admin')>=0, isClerk=roles.indexOf('clerk')>=0;
function say(text){$('#console-status').textContent=text;}
function api(method,path,body){return fetch(path,{method:method,headers:Object.assign({authorization:'Bearer '+token},body?{'content-type':'application/json'}:{}),body:body?JSON.stringify(body):undefined})
  .then(function(r){return r.text().then(function(t){var b=t?JSON.parse(t):null;if(!r.ok){var m=(b&&b.errors&&b.errors.length)?b.errors.map(function(e){return e.path+' '+e.message;}).join('; '):(b&&b.detail)||r.statusText;throw new Error(m);}return b;});});}
function digits(c){try{return new Intl.NumberFormat('en',{style:'currency',currency:c}).resolvedOptions().maximumFractionDigits;}catch(e){return 2;}}
function money(p){var d=digits(p.currency);return (p.amount/Math.pow(10,d)).toFixed(d)+' '+p.currency;}

if(!token||!(isAdmin||isClerk)){
  $('#signin').hidden=false;
  if(token)say('This account is not staff of this store.');
  $('#signin-form').addEventListener('submit',function(e){e.preventDefault();var f=new FormData(e.target);var body={email:f.get('email'),password:f.get('password')};
    var session=e.target.dataset.session;
    var call=session?fetch('/auth/new-password',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({email:body.email,session:session,newPassword:f.get('newPassword')})}):fetch('/auth/login',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify(body)});
    call.then(function(r){return r.json().then(function(b){
      if(!r.ok){say(b.detail||'Sign-in failed.');return;}
      if(b.challenge){e.target.dataset.session=b.session;$('#new-password').hidden=false;say('Choose a new password to finish signing in.');return;}
      localStorage.setItem('idToken',b.idToken);if(b.refreshToken)localStorage.setItem('refreshToken',b.refreshToken);location.reload();});});});
  return;
}
$('#workspace').hidden=false;
$('#who').textContent=(me.email||me['cognito:username'])+' ('+roles.join(', ')+')';
$('#sign-out').addEventListener('click',function(){api('POST','/auth/logout',{refreshToken:localStorage.getItem('refreshToken')||undefined}).catch(function(){}).then(function(){localStorage.removeItem('idToken');localStorage.removeItem('refreshToken');location.reload();});});
if(isAdmin){$('#products-section').hidden=false;$('#users-section').hidden=false;}

var products=[];
function lowStock(p){return p.stock===0||(p.lowStockThreshold!=null&&p.stock<=p.lowStockThreshold);}
function renderProducts(){
  var onlyLow=$('#low-only').checked;
  var rows=products.filter(function(p){return !onlyLow||lowStock(p);}).map(function(p){
    return '<tr data-id="'+esc(p.id)+'"><td>'+esc(p.name)+(lowStock(p)?' <strong class="badge">low</strong>':'')+'</td><td>'+esc(p.sku)+'</td><td>'+esc(p.status)+'</td><td>'+money(p.price)+'</td><td data-testid="stock">'+p.stock+'</td>'+
    '<td><form class="adjust"><label class="visually-hidden" for="d-'+esc(p.id)+'">Change by</label><input id="d-'+esc(p.id)+'" name="delta" type="number" step="1" required style="width:5rem" aria-label="Change stock of '+esc(p.name)+' by">'+
    '<select name="reason" aria-label="Reason"><option>restock</option><option>sale</option><option>return</option><option>correction</option></select><button>Adjust</button></form>'+
    '<button type="button" class="history">History</button>'+
    (isAdmin?' <button type="button" class="edit">Edit</button> <button type="button" class="delete">Delete</button> <label class="upload">Image <input type="file" accept="image/png,image/jpeg,image/webp" aria-label="Upload an image for '+esc(p.name)+'"></label> <span class="images">'+(p.images||[]).length+' image(s)</span>':'')+
    '</td></tr>';}).join('');
  $('#inventory tbody').innerHTML=rows||'<tr><td colspan="6">No products.</td></tr>';
}
function load(){return api('GET','/admin/products?limit=100').then(function(b){products=b.items;renderProducts();}).catch(function(e){say(e.message);});}
$('#low-only').addEventListener('change',renderProducts);
$('#inventory').addEventListener('submit',function(e){if(!e.target.classList.contains('adjust'))return;e.preventDefault();var id=e.target.closest('tr').dataset.id;var f=new FormData(e.target);
  api('POST','/admin/products/'+id+'/inventory/adjustments',{delta:Number(f.get('delta')),reason:f.get('reason')}).then(function(r){return load().then(function(){say('Stock '+r.previous+' → '+r.current+'.');});}).catch(function(e){say(e.message);});});
$('#inventory').addEventListener('click',function(e){var tr=e.target.closest('tr');if(!tr)return;var id=tr.dataset.id;var p=products.find(function(x){return x.id===id;});
  if(e.target.classList.contains('history')){api('GET','/admin/products/'+id+'/inventory/history?limit=10').then(function(b){
    $('#history').hidden=false;$('#history h3').textContent='History of '+p.name;
    $('#history ul').innerHTML=b.items.map(function(h){return '<li>'+esc(h.occurredAt.slice(0,19).replace('T',' '))+': '+(h.delta>0?'+':'')+h.delta+' ('+esc(h.reason)+') '+h.previous+' → '+h.current+' by '+esc(h.actor)+'</li>';}).join('')||'<li>No changes yet.</li>';});}
  if(e.target.classList.contains('delete')&&confirm('Delete '+p.name+'?')){api('DELETE','/admin/products/'+id).then(load).then(function(){say('Deleted '+p.name+'.');}).catch(function(e){say(e.message);});}
  if(e.target.classList.contains('edit')){var f=$('#product-form');f.dataset.id=id;f.name.value=p.name;f.sku.value=p.sku;f.price.value=(p.price.amount/Math.pow(10,digits(p.price.currency))).toFixed(digits(p.price.currency));f.currency.value=p.price.currency;f.status.value=p.status;f.stock.value=p.stock;f.stock.disabled=true;f.querySelector('button').textContent='Save changes';f.scrollIntoView();}});
$('#inventory').addEventListener('change',function(e){if(e.target.type!=='file'||!e.target.files[0])return;var id=e.target.closest('tr').dataset.id;var file=e.target.files[0];
  api('POST','/admin/products/'+id+'/images/uploads',{contentType:file.type,size:file.size}).then(function(t){var form=new FormData();Object.keys(t.fields).forEach(function(k){form.append(k,t.fields[k]);});form.append('file',file);
    return fetch(t.url,{method:'POST',body:form}).then(function(r){if(!r.ok)throw new Error('Upload failed ('+r.status+').');return api('POST','/admin/products/'+id+'/images',{key:t.key});});})
  .then(load).then(function(){say('Image added.');}).catch(function(e){say(e.message);});});
$('#product-form').addEventListener('submit',function(e){e.preventDefault();var f=e.target;var id=f.dataset.id;
  var body={name:f.name.value,sku:f.sku.value,price:{amount:Math.round(Number(f.price.value)*Math.pow(10,digits(f.currency.value.toUpperCase()))),currency:f.currency.value.toUpperCase()},status:f.status.value};
  var call=id?api('PATCH','/admin/products/'+id,body):api('POST','/admin/products',Object.assign(body,{stock:Number(f.stock.value||0)}));
  call.then(function(p){say((id?'Saved ':'Created ')+p.name+'.');f.reset();delete f.dataset.id;f.stock.disabled=false;f.querySelector('button').textContent='Create product';return load();}).catch(function(e){say(e.message);});});

function loadUsers(){if(!isAdmin)return;api('GET','/admin/users?limit=100').then(function(b){
  $('#users tbody').innerHTML=b.items.map(function(u){return '<tr data-id="'+esc(u.userId)+'"><td>'+esc(u.name)+'</td><td>'+esc(u.email)+'</td><td><select class="role" aria-label="Role of '+esc(u.email)+'">'+['customer','clerk','admin'].map(function(r){return '<option'+(r===u.role?' selected':'')+'>'+r+'</option>';}).join('')+'</select></td><td><button type="button" class="remove">Remove</button></td></tr>';}).join('');}).catch(function(e){say(e.message);});}
$('#users').addEventListener('change',function(e){if(!e.target.classList.contains('role'))return;api('PUT','/admin/users/'+e.target.closest('tr').dataset.id+'/role',{role:e.target.value}).then(function(u){say(u.email+' is now '+u.role+' (from their next sign-in).');}).catch(function(err){say(err.message);loadUsers();});});
$('#users').addEventListener('click',function(e){if(!e.target.classList.contains('remove'))return;var tr=e.target.closest('tr');if(!confirm('Remove this user?'))return;api('DELETE','/admin/users/'+tr.dataset.id).then(function(){say('User removed.');loadUsers();}).catch(function(err){say(err.message);});});
load();loadUsers();
})();
`;
