#!/usr/bin/env python3
"""gen-phone-data.py - generate common/phone_data.inc from libphonenumber's metadata.

Run from the repository root:
    python3 tools/gen-phone-data.py [METADATA_XML [VERSION [COMMIT]]]
Defaults: tools/data/PhoneNumberMetadata.xml, the version and commit recorded in
tools/data/PhoneNumberMetadata.version.  The output is committed; the build never
runs this script.

Source: Google's libphonenumber, resources/PhoneNumberMetadata.xml (Apache-2.0, see
common/LICENSES/libphonenumber.LICENSE): the numbering plans of every region.  Only
data is taken, no code.  What the C side gets (common/phone.c reads it):

  ph_regions   per region (ISO alpha-2, or "001" for non-geographic codes such as
               +800): calling code, national prefix, national prefix for parsing
               and its transform rule, international (IDD) prefix, leading digits
               of regions that share a calling code; possible national lengths per
               number type; the start state of the region's DFA.
  ph_dfa       one deterministic automaton per region over the digits of a
               national significant number: a state's ph_dfa_acc bits say which
               number types' nationalNumberPattern match the digits read so far in
               full (bit 0 is generalDesc).  Built here by subset construction from
               the patterns and minimised, so the C side validates a number in one
               pass of table look-ups.
  ph_prog      small backtracking programs (leftmost-first and greedy, as Java's
               java.util.regex) for the prefix patterns that need captures or
               anchors: nationalPrefixForParsing, internationalPrefix, leadingDigits.
"""
import re, sys
import xml.etree.ElementTree as ET

XML = sys.argv[1] if len(sys.argv) > 1 else "tools/data/PhoneNumberMetadata.xml"
VERFILE = "tools/data/PhoneNumberMetadata.version"
if len(sys.argv) > 3:
    VERSION, COMMIT = sys.argv[2], sys.argv[3]
else:
    kv = dict(l.strip().split("=", 1) for l in open(VERFILE) if "=" in l)
    VERSION, COMMIT = kv["version"], kv["commit"]

# Number types in libphonenumber's order of precedence (getNumberTypeHelper).
TYPES = ["generalDesc", "premiumRate", "tollFree", "sharedCost", "voip",
         "personalNumber", "pager", "uan", "voicemail", "fixedLine", "mobile"]


# ------------------------------------------------------------------ regex parser
# The metadata uses a small subset: digits, \d, [..] with ranges, (?:..), (..), |,
# ?, *, +, {n}, {n,m}, $.
class Parser:
    def __init__(self, s):
        self.s = re.sub(r"\s", "", s)
        self.i = 0
        self.ngroups = 0

    def peek(self):
        return self.s[self.i] if self.i < len(self.s) else None

    def parse(self):
        node = self.alt()
        if self.i != len(self.s):
            raise ValueError("regex: unexpected %r in %s" % (self.peek(), self.s))
        return node

    def alt(self):
        branches = [self.cat()]
        while self.peek() == "|":
            self.i += 1
            branches.append(self.cat())
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def cat(self):
        items = []
        while self.peek() not in (None, "|", ")"):
            items.append(self.repeat())
        return ("cat", items)

    def repeat(self):
        atom = self.atom()
        while True:
            c = self.peek()
            if c == "?":
                self.i += 1
                atom = ("rep", atom, 0, 1)
            elif c == "*":
                self.i += 1
                atom = ("rep", atom, 0, None)
            elif c == "+":
                self.i += 1
                atom = ("rep", atom, 1, None)
            elif c == "{":
                m = re.match(r"\{(\d+)(,(\d*))?\}", self.s[self.i:])
                self.i += m.end()
                lo = int(m.group(1))
                hi = lo if m.group(2) is None else (int(m.group(3)) if m.group(3) else None)
                atom = ("rep", atom, lo, hi)
            else:
                return atom

    def atom(self):
        c = self.peek()
        if c == "(":
            self.i += 1
            cap = None
            if self.s.startswith("?:", self.i):
                self.i += 2
            else:
                self.ngroups += 1
                cap = self.ngroups
            node = self.alt()
            assert self.peek() == ")", self.s
            self.i += 1
            return ("grp", cap, node)
        if c == "[":
            j = self.s.index("]", self.i)
            body = self.s[self.i + 1:j]
            self.i = j + 1
            mask = 0
            neg = body.startswith("^")
            if neg:
                body = body[1:]
            k = 0
            while k < len(body):
                if body.startswith("\\d", k):
                    mask |= 0x3FF
                    k += 2
                elif k + 2 < len(body) and body[k + 1] == "-":
                    for d in range(int(body[k]), int(body[k + 2]) + 1):
                        mask |= 1 << d
                    k += 3
                else:
                    mask |= 1 << int(body[k])
                    k += 1
            return ("cls", (~mask & 0x3FF) if neg else mask)
        if c == "\\":
            assert self.s[self.i + 1] == "d", self.s
            self.i += 2
            return ("cls", 0x3FF)
        if c == "$":
            self.i += 1
            return ("eol",)
        if c is not None and c.isdigit():
            self.i += 1
            return ("cls", 1 << int(c))
        raise ValueError("regex: unsupported %r in %s" % (c, self.s))


def parse(s):
    p = Parser(s)
    return p.parse(), p.ngroups


# ------------------------------------------------------------------ NFA -> DFA
class NFA:
    def __init__(self):
        self.eps = []      # state -> list of states
        self.edges = []    # state -> list of (mask, state)
        self.tag = []      # state -> accepted type bits

    def new(self):
        self.eps.append([])
        self.edges.append([])
        self.tag.append(0)
        return len(self.eps) - 1

    def build(self, node, start):
        """Add node from state start; return its end state."""
        kind = node[0]
        if kind == "cls":
            end = self.new()
            self.edges[start].append((node[1], end))
            return end
        if kind == "cat":
            cur = start
            for it in node[1]:
                cur = self.build(it, cur)
            return cur
        if kind == "alt":
            end = self.new()
            for b in node[1]:
                s = self.new()
                self.eps[start].append(s)
                self.eps[self.build(b, s)].append(end)
            return end
        if kind == "grp":
            return self.build(node[2], start)
        if kind == "rep":
            _, sub, lo, hi = node
            cur = start
            for _ in range(lo):
                cur = self.build(sub, cur)
            if hi is None:
                loop = self.new()
                self.eps[cur].append(loop)
                self.eps[self.build(sub, loop)].append(loop)
                return loop
            end = self.new()
            for _ in range(hi - lo):
                self.eps[cur].append(end)
                cur = self.build(sub, cur)
            self.eps[cur].append(end)
            return end
        raise ValueError("NFA: %r not allowed in a number pattern" % (kind,))

    def closure(self, states):
        seen = set(states)
        stack = list(states)
        while stack:
            s = stack.pop()
            for t in self.eps[s]:
                if t not in seen:
                    seen.add(t)
                    stack.append(t)
        return frozenset(seen)


def region_dfa(patterns):
    """patterns: {bit: regex}.  Returns (trans, acc): state 0 is the dead state,
    state 1 the start; trans[s][d] -> state."""
    nfa = NFA()
    start = nfa.new()
    for bit, pat in patterns.items():
        node, _ = parse(pat)
        s = nfa.new()
        nfa.eps[start].append(s)
        e = nfa.build(node, s)
        nfa.tag[e] |= 1 << bit
    init = nfa.closure([start])
    index = {frozenset(): 0, init: 1}
    order = [frozenset(), init]
    trans = []
    i = 0
    while i < len(order):
        S = order[i]
        row = []
        for d in range(10):
            nxt = set()
            for s in S:
                for mask, t in nfa.edges[s]:
                    if mask >> d & 1:
                        nxt.add(t)
            T = nfa.closure(nxt) if nxt else frozenset()
            if T not in index:
                index[T] = len(order)
                order.append(T)
            row.append(index[T])
        trans.append(row)
        i += 1
    acc = []
    for S in order:
        m = 0
        for s in S:
            m |= nfa.tag[s]
        acc.append(m)
    return minimise(trans, acc)


def minimise(trans, acc):
    """Moore's partition refinement; keeps 0 dead and 1 start."""
    n = len(trans)
    cls = [acc[s] for s in range(n)]
    # the dead state is its own class
    cls = [("dead",) if s == 0 else ("a", cls[s]) for s in range(n)]
    while True:
        sig = [(cls[s], tuple(cls[trans[s][d]] for d in range(10))) for s in range(n)]
        ids = {}
        new = []
        for s in range(n):
            new.append(ids.setdefault(sig[s], len(ids)))
        if len(ids) == len(set(cls)):
            cls = new
            break
        cls = new
    # renumber: dead -> 0, start -> 1, others in first-seen order
    ren = {cls[0]: 0}
    if cls[1] not in ren:
        ren[cls[1]] = 1
    for s in range(n):
        if cls[s] not in ren:
            ren[cls[s]] = len(ren)
    m = len(ren)
    ntrans = [None] * m
    nacc = [0] * m
    for s in range(n):
        c = ren[cls[s]]
        if ntrans[c] is None:
            ntrans[c] = [ren[cls[trans[s][d]]] for d in range(10)]
            nacc[c] = acc[s]
    return ntrans, nacc


# ------------------------------------------------------------------ programs
# Instructions: (op, x, y).  CLS mask; SPLIT x y (try x first); JMP x; SAVE k;
# EOL; MATCH.
OPS = {"CLS": 0, "SPLIT": 1, "JMP": 2, "SAVE": 3, "EOL": 4, "MATCH": 5}


def compile_prog(pat):
    node, ngroups = parse(pat)
    code = []

    def emit(op, x=0, y=0):
        code.append([op, x, y])
        return len(code) - 1

    def gen(n):
        k = n[0]
        if k == "cls":
            emit("CLS", n[1])
        elif k == "eol":
            emit("EOL")
        elif k == "cat":
            for it in n[1]:
                gen(it)
        elif k == "grp":
            if n[1] is not None:
                emit("SAVE", 2 * n[1])
            gen(n[2])
            if n[1] is not None:
                emit("SAVE", 2 * n[1] + 1)
        elif k == "alt":
            jumps = []
            bs = n[1]
            for b in bs[:-1]:
                sp = emit("SPLIT")
                code[sp][1] = len(code)
                gen(b)
                jumps.append(emit("JMP"))
                code[sp][2] = len(code)
            gen(bs[-1])
            for j in jumps:
                code[j][1] = len(code)
        elif k == "rep":
            _, sub, lo, hi = n
            for _ in range(lo):
                gen(sub)
            if hi is None:
                top = emit("SPLIT")
                code[top][1] = len(code)
                gen(sub)
                emit("JMP", top)
                code[top][2] = len(code)
            else:
                splits = []
                for _ in range(hi - lo):
                    sp = emit("SPLIT")
                    code[sp][1] = len(code)
                    splits.append(sp)
                    gen(sub)
                for sp in splits:
                    code[sp][2] = len(code)
        else:
            raise ValueError(k)

    gen(node)
    emit("MATCH")
    return code, ngroups


# ------------------------------------------------------------------ metadata
def lengths(el):
    """possibleLengths national="[7-10],12" -> bitmask (-1 means none)."""
    if el is None:
        return None
    s = el.get("national", "")
    if s == "-1":
        return 0
    m = 0
    for part in re.findall(r"\[\d+-\d+\]|\d+", s):
        if part.startswith("["):
            a, b = map(int, part[1:-1].split("-"))
            for k in range(a, b + 1):
                m |= 1 << k
        else:
            m |= 1 << int(part)
    return m


def text(el):
    return re.sub(r"\s", "", el.text) if el is not None and el.text else None


def cstr(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    root = ET.parse(XML).getroot()
    regions = []
    dfa_rows, dfa_acc = [], []
    progs = []

    def add_prog(pat):
        if not pat:
            return -1
        code, ngroups = compile_prog(pat)
        base = len(progs)
        for op, x, y in code:
            if op in ("SPLIT", "JMP"):
                x += base
                if op == "SPLIT":
                    y += base
            progs.append((OPS[op], x, y))
        return base

    for te in root.find("territories"):
        a = te.attrib
        pats, lens = {}, {}
        gen = te.find("generalDesc")
        for bit, t in enumerate(TYPES):
            el = te.find(t)
            if el is None:
                continue
            p = text(el.find("nationalNumberPattern"))
            if p is None:
                continue
            pats[bit] = p
            lens[bit] = lengths(el.find("possibleLengths"))
        # a type without possibleLengths takes generalDesc's; generalDesc's are the
        # union of its types' (as libphonenumber's BuildMetadataFromXml does)
        union = 0
        for bit in pats:
            if bit and lens[bit]:
                union |= lens[bit]
        if lens.get(0) is None:
            lens[0] = union
        for bit in pats:
            if lens[bit] is None:
                lens[bit] = lens[0]
        trans, acc = region_dfa(pats)
        base = len(dfa_rows)
        for row in trans:
            # state 0 of every region is the shared dead state 0
            dfa_rows.append([0 if t == 0 else base + t for t in row])
        dfa_acc.extend(acc)
        same = pats.get(9) is not None and pats.get(9) == pats.get(10) and lens[9] == lens[10]
        np_ = a.get("nationalPrefix", "")
        npfp = re.sub(r"\s", "", a.get("nationalPrefixForParsing", "")) or np_
        lead = a.get("leadingDigits")
        regions.append(dict(
            id=a["id"], cc=int(a["countryCode"]), main=a.get("mainCountryForCode") == "true",
            start=base + 1, lens=[lens.get(b, 0) for b in range(len(TYPES))],
            same=same, np=np_, npfp=add_prog(npfp),
            npgroups=compile_prog(npfp)[1] if npfp else 0,
            tr=a.get("nationalPrefixTransformRule", ""),
            idd=add_prog(a.get("internationalPrefix", "")),
            lead=add_prog(re.sub(r"\s", "", lead) if lead else "")))

    nstates = len(dfa_rows)
    assert nstates < 1 << 24
    ttype = "uint16_t" if nstates < 65536 else "uint32_t"
    out = []
    w = out.append
    w("/* phone_data.inc - GENERATED by tools/gen-phone-data.py; do not edit.\n"
      " * Source: libphonenumber %s, resources/PhoneNumberMetadata.xml (commit %s),\n"
      " * Copyright Google, Apache License 2.0: common/LICENSES/libphonenumber.LICENSE.\n"
      " * %d regions, %d automaton states, %d program instructions. */\n"
      % (VERSION, COMMIT, len(regions), nstates, len(progs)))
    w("#define PH_VERSION %s\n" % cstr("libphonenumber " + VERSION))
    w("#define PH_NTYPES %d\n" % len(TYPES))
    w("enum { %s };\n" % ", ".join("PH_T_%s" % t.upper() for t in TYPES))
    w("typedef %s ph_state;\n\n" % ttype)
    w("static const ph_state ph_dfa[][10] = {\n")
    for row in dfa_rows:
        w("\t{%s},\n" % ",".join(map(str, row)))
    w("};\n\n/* bit t: the digits read so far match type t's pattern in full */\n")
    w("static const uint16_t ph_dfa_acc[] = {\n")
    for i in range(0, nstates, 16):
        w("\t%s,\n" % ",".join(map(str, dfa_acc[i:i + 16])))
    w("};\n\nstatic const struct ph_insn ph_prog[] = {\n")
    for op, x, y in progs:
        w("\t{%d, %d, %d},\n" % (op, x, y))
    w("};\n\n/* Sorted by calling code, the main region of a shared code first, then by id. */\n")
    w("static const struct ph_region ph_regions[] = {\n")
    regions.sort(key=lambda r: (r["cc"], not r["main"], r["id"]))
    for r in regions:
        w("\t{%s, %d, %d, %d, {%s}, %s, %d, %d, %s, %d, %d},\n" % (
            cstr(r["id"]), r["cc"], int(r["same"]), r["start"],
            ",".join("0x%x" % x for x in r["lens"]), cstr(r["np"]), r["npfp"],
            r["npgroups"], cstr(r["tr"]), r["idd"], r["lead"]))
    w("};\n\n/* ph_regions indices of geographic regions, sorted by id. */\n")
    byid = sorted((r["id"], i) for i, r in enumerate(regions) if r["id"] != "001")
    w("static const unsigned short ph_by_id[] = {\n")
    for i in range(0, len(byid), 16):
        w("\t%s,\n" % ",".join(str(k) for _, k in byid[i:i + 16]))
    w("};\n")
    with open("common/phone_data.inc", "w") as f:
        f.write("".join(out))
    print("phone_data.inc: %d regions, %d states (%s), %d insns"
          % (len(regions), nstates, ttype, len(progs)), file=sys.stderr)


if __name__ == "__main__":
    main()
