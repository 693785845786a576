"""Documents whose names resolve only in order: the fourth document's "Zhumabaev" is the first
one's Talgat Zhumabayev, known to the entity resolver only once the first was read (for the
tests of the extract cache and of extraction ahead in workers)."""

IN_ORDER = {
    "doc_a000000000000001": ("Union leader detained", "Union leader Talgat Zhumabayev was detained in Aktau on 9 April 2017."),
    "doc_b000000000000002": (None, "The court fined the Confederation of Independent Trade Unions on 3 March 2017."),
    "doc_c000000000000003": ("Strike", "Oil workers went on strike in Zhanaozen on 12 May 2018."),
    "doc_d000000000000004": (None, "A court released Zhumabaev on 20 August 2019."),
}
