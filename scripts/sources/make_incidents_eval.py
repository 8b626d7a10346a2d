"""Build tests/data/incidents_eval.csv from five public incident datasets (see tests/data/INCIDENTS_EVAL.md).

Each dataset writes a place as its coders wrote it, next to their own coordinates.
The inputs are files of public GitHub repositories, taken with
``git --git-dir=<mirror> show <commit>:<path> > <input folder>/<name>``:

    dgmurphy/acled-parser@755e09b1 input-staging/pitf.world.20130101-20151231.csv  -> same name
    dgmurphy/acled-parser@755e09b1 input-staging/pitf.world.20160101-20170930.csv  -> same name
    gurleenGK/Iraq-Conflict-Data-Analysis@cab13f4d data/iraq_conflict_data.csv      -> gtd_iraq.csv
    yc1265/DSAN-Scholarship@481f8514 security_incidents.csv                          -> awsd.csv
    vecna/syrianarchive@ec7301c6 database/data/ru_at.csv                             -> vc_ru_at.csv
    seankross/syrianarchive@e1c0eaab data-raw/syrian_archive_raw.csv                 -> sk_syrian_archive_raw.csv

    python3 scripts/sources/make_incidents_eval.py <input folder> tests/data/incidents_eval.csv

The selection is deterministic: precision filters per dataset, a country box, every
row of a string dropped when its rows disagree by more than 5 km, then one row per
(string, province). Counts per step are printed as JSON.
"""
import collections
import csv
import json
import re
import sys

from geomap.places.distance import great_circle_km

SOURCE_DIR = sys.argv[1].rstrip('/') + '/'
MERGED = sys.argv[2]
ALL_ROWS = []
BBOX={'SY':(32.2,37.5,35.5,42.5),'IQ':(29.0,37.5,38.7,48.9),'LB':(33.0,34.75,35.0,36.7)}
def inbox(c,lat,lon):
    b=BBOX[c]; return b[0]<=lat<=b[1] and b[2]<=lon<=b[3]
stats={}
def finish(name, rows, st):
    """rows: dicts query,latitude,longitude,country,admin1,admin2,source,source_ref ; already precision-filtered"""
    n0=len(rows)
    ok=[r for r in rows if inbox(r['country'],r['latitude'],r['longitude'])]
    st['dropped_outside_country_bbox']=n0-len(ok)
    groups=collections.defaultdict(list)
    for r in ok: groups[(r['country'],r['query'])].append(r)
    bad=set()
    for k,g in groups.items():
        pts=list({(r['latitude'],r['longitude']) for r in g})
        mx=0
        for i in range(len(pts)):
            for j in range(i+1,len(pts)):
                mx=max(mx,great_circle_km(*pts[i],*pts[j]))
                if mx>5: break
            if mx>5: break
        if mx>5: bad.add(k)
    st['query_strings_dropped_disagree_gt5km']=len(bad)
    st['rows_dropped_disagree_gt5km']=sum(len(groups[k]) for k in bad)
    st['dropped_query_examples']=sorted(q for _,q in bad)[:15]
    kept=[r for r in ok if (r['country'],r['query']) not in bad]
    seen={}; out=[]
    for r in kept:
        k=(r['query'],r['admin1'])
        if k in seen: continue
        seen[k]=1; out.append(r)
    st['rows_after_dedup']=len(out)
    st['per_country_after']=dict(collections.Counter(r['country'] for r in out))
    for r in out:
        r=dict(r); r['latitude']=f"{r['latitude']:.6f}".rstrip('0').rstrip('.'); r['longitude']=f"{r['longitude']:.6f}".rstrip('0').rstrip('.')
        ALL_ROWS.append(r)
    stats[name]=st

def pcoord(v):
    v=v.strip()
    if not v: raise ValueError
    try: return float(v.replace('°',''))
    except ValueError: pass
    neg=bool(re.search(r'[SW]\s*$',v))
    nums=[float(n) for n in re.findall(r'\d+(?:\.\d+)?',v)]
    if not nums or len(nums)>3: raise ValueError
    d=nums[0]+(nums[1]/60 if len(nums)>1 else 0)+(nums[2]/3600 if len(nums)>2 else 0)
    return -d if neg else d
ISO={'SYR':'SY','IRQ':'IQ','LBN':'LB'}
# ---------- 1. PITF
def pitf():
    repo='dgmurphy/acled-parser@755e09b112ef48626f2fa223385ee86ff80ff928'
    st=collections.OrderedDict(); rows=[]
    cnt=collections.Counter()
    for fn in ['pitf.world.20130101-20151231.csv','pitf.world.20160101-20170930.csv']:
        lines=open(SOURCE_DIR + fn,encoding='utf-8').read().split('\n')
        for ln,l in enumerate(lines,1):
            if ln<=3: continue
            f=l.split('\t')
            if len(f)<23: continue
            c=ISO.get(f[9].strip())
            if not c: continue
            cnt['rows_in_SY_IQ_LB']+=1; cnt['rows_'+c]+=1
            loc=f[12].strip()
            if not loc or re.search(r'multiple|unknown|\?|unclear',loc,re.I): cnt['drop_no_specific_locality']+=1; continue
            try:
                d=f[21].strip(); dist=float(d) if d else 0.0
            except ValueError: dist=0.0
            if dist!=0: cnt['drop_relational_offset_km>0']+=1; continue
            com=(f[71] if len(f)>71 else '')
            if re.search(r'coordinates? (for|of|from|used)',com,re.I): cnt['drop_comment_says_coords_for_other_place']+=1; continue
            try:
                la=[float(x.strip() or 0) for x in f[13:16]]; lo=[float(x.strip() or 0) for x in f[17:20]]
            except ValueError: cnt['drop_bad_coords']+=1; continue
            if la[1]==0 and la[2]==0 and lo[1]==0 and lo[2]==0: cnt['drop_whole_degree_coords(coarse)']+=1; continue
            lat=la[0]+la[1]/60+la[2]/3600; lon=lo[0]+lo[1]/60+lo[2]/3600
            if f[16].strip().upper()=='S': lat=-lat
            if f[20].strip().upper()=='W': lon=-lon
            rows.append(dict(query=loc,latitude=lat,longitude=lon,country=c,admin1=f[10].strip(),admin2=f[11].strip(),
                source='PITF Worldwide Atrocities Dataset',source_ref=f'{repo}:input-staging/{fn} row={ln}'))
    st.update(cnt); st['rows_after_precision_filters']=len(rows)
    finish('PITF',rows,st)
# ---------- 2. GTD Iraq subset
def gtd():
    repo='gurleenGK/Iraq-Conflict-Data-Analysis@cab13f4de57d6a2a00999c7990c595fc4adbc559'
    st=collections.OrderedDict(); rows=[]; cnt=collections.Counter()
    for i,x in enumerate(csv.DictReader(open(SOURCE_DIR + 'gtd_iraq.csv',encoding='utf-8')),1):
        cnt['rows_IQ']+=1
        city=x['city'].strip()
        if not city or city.lower()=='unknown': cnt['drop_city_unknown']+=1; continue
        if re.search(r'district|province|governorate|region|\bnear\b|between|road|highway|area$',city,re.I): cnt['drop_admin_or_relational_city']+=1; continue
        try: lat=float(x['latitude']); lon=float(x['longitude'])
        except ValueError: cnt['drop_no_coords']+=1; continue
        rows.append(dict(query=city,latitude=lat,longitude=lon,country='IQ',admin1=x['state'].strip(),admin2='',
            source='Global Terrorism Database (Iraq 2012-2017 subset)',source_ref=f'{repo}:data/iraq_conflict_data.csv row={i} date={x["date"]}'))
    st.update(cnt); st['rows_after_precision_filters']=len(rows)
    finish('GTD_Iraq',rows,st)
# ---------- 3. AWSD
def awsd():
    repo='yc1265/DSAN-Scholarship@481f8514f8acd290c60de594bf3af06dfec57969'
    cmap={'Syrian Arab Republic':'SY','Iraq':'IQ','Lebanon':'LB'}
    st=collections.OrderedDict(); rows=[]; cnt=collections.Counter()
    for i,x in enumerate(csv.DictReader(open(SOURCE_DIR + 'awsd.csv',encoding='utf-8')),1):
        c=cmap.get(x['Country'])
        if not c: continue
        cnt['rows_'+c]+=1
        city=x['City'].strip()
        if not city: cnt['drop_no_city(region/district-level)']+=1; continue
        if re.search(r'\bnear\b|between|road|\bkm\b|outside|highway|,|/|\bor\b|\band\b',city,re.I): cnt['drop_relational_or_compound_city']+=1; continue
        try: lat=float(x['Latitude']); lon=float(x['Longitude'])
        except ValueError: cnt['drop_no_coords']+=1; continue
        rows.append(dict(query=city,latitude=lat,longitude=lon,country=c,admin1=x['Region'].strip(),admin2=x['District'].strip(),
            source='Aid Worker Security Database (Humanitarian Outcomes)',source_ref=f'{repo}:security_incidents.csv row={i} incident_id={x["Incident ID"]}'))
    st.update(cnt); st['rows_after_precision_filters']=len(rows)
    finish('AWSD',rows,st)
# ---------- 4. Syrian Archive Russian attacks
def ruat():
    repo='vecna/syrianarchive@ec7301c61ad59c0eca612834e22f550dd3569c2d'
    st=collections.OrderedDict(); rows=[]; cnt=collections.Counter()
    for i,x in enumerate(csv.reader(open(SOURCE_DIR + 'vc_ru_at.csv',encoding='utf-8')),1):
        cnt['rows_SY']+=1
        try: lat=pcoord(x[8]); lon=pcoord(x[9])
        except (ValueError, IndexError): cnt['drop_no_coords']+=1; continue
        for col,lang in ((6,'en'),(7,'ar')):
            q=x[col].strip()
            if not q: cnt['drop_empty_'+lang]+=1; continue
            rows.append(dict(query=q,latitude=lat,longitude=lon,country='SY',admin1='',admin2='',
                source='Syrian Archive - alleged Russian attacks video collection (2015-2016)',
                source_ref=f'{repo}:database/data/ru_at.csv row={i} id={x[0]} col=place_{lang}'))
    st.update(cnt); st['query_rows_after_filters(en+ar)']=len(rows)
    finish('SyrianArchive_RU',rows,st)
# ---------- 5. Syrian Archive database scrape 2017
def sadb():
    repo='seankross/syrianarchive@e1c0eaabfd1335561937650a3f5487f925528b67'
    st=collections.OrderedDict(); rows=[]; cnt=collections.Counter()
    for i,x in enumerate(csv.DictReader(open(SOURCE_DIR + 'sk_syrian_archive_raw.csv',encoding='utf-8')),1):
        cnt['rows_SY']+=1
        loc=x['location'].strip()
        la=x['latitude'].strip(); lo=x['longitude'].strip()
        try: lat=pcoord(la); lon=pcoord(lo)
        except ValueError: cnt['drop_no_coords']+=1; continue
        if ' : ' not in loc: cnt['drop_governorate_only']+=1; continue
        gov,place=loc.split(' : ',1)
        place=place.strip()
        if not place: cnt['drop_governorate_only']+=1; continue
        rows.append(dict(query=place,latitude=lat,longitude=lon,country='SY',admin1=gov.strip(),admin2='',
            source='Syrian Archive database (scraped 2017 by S. Kross)',source_ref=f'{repo}:data-raw/syrian_archive_raw.csv row={i} ref={x["reference_code"].strip()}'))
    st.update(cnt); st['rows_after_precision_filters']=len(rows)
    finish('SyrianArchive_DB',rows,st)
for fn in (pitf,gtd,awsd,ruat,sadb): fn()
with open(MERGED,'w',newline='',encoding='utf-8') as f:
    w=csv.DictWriter(f,fieldnames=['query','latitude','longitude','country','admin1','admin2','source','source_ref'])
    w.writeheader()
    for r in sorted(ALL_ROWS, key=lambda r: (r['source'], r['query'], r['admin1'], r['source_ref'])):
        w.writerow(r)
print(json.dumps(stats,indent=1,ensure_ascii=False))
