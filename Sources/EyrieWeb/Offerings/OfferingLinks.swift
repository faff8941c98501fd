/// Where an offering's pages and forms are, for its templates (`{{links.canvas}}`).
struct OfferingLinks {
    var show: String
    var edit: String
    var state: String
    var canvas: String
    var canvasEntries: String
    var fits: String
    var deleteFit: String
    var blueprint: String
    var blueprintCSV: String
    var blueprintSVG: String
    var steps: String
    var arrows: String
    var deleteArrow: String
    var seedBlueprint: String
    var stages: String
    var kpis: String
    var measurements: String
    var milestones: String
    var updates: String

    init(id: Int64) {
        let offerings = Site.offerings
        show = offerings.show(id)
        edit = offerings.edit(id)
        state = offerings.state(id)
        canvas = offerings.canvas(id)
        canvasEntries = offerings.canvasEntries(id)
        fits = offerings.fits(id)
        deleteFit = offerings.deleteFit(id)
        blueprint = offerings.blueprint(id)
        blueprintCSV = offerings.blueprintCSV(id)
        blueprintSVG = offerings.blueprintSVG(id)
        steps = offerings.steps(id)
        arrows = offerings.arrows(id)
        deleteArrow = offerings.deleteArrow(id)
        seedBlueprint = offerings.seedBlueprint(id)
        stages = offerings.stages(id)
        kpis = offerings.kpis(id)
        measurements = offerings.measurements(id)
        milestones = offerings.milestones(id)
        updates = offerings.updates(id)
    }
}
