public import IndexCore

extension TestSupport {
    /// A unit id that closes an attribute and opens an element with a script handler.
    public static let hostileID = #"CHE"><svg onload=alert(1)>"#
    /// A name that is an element with a script handler.
    public static let hostileName = #"<img src=x onerror=alert(2)>"#

    /// The framework and data with one unit's id, its names and its sources, and the framework's
    /// and the evaluations' names, replaced by markup: every page built from them must show that
    /// markup as text.
    public static func withHostileNames(
        framework: Framework,
        dataset: Dataset,
        replacing unit: String
    ) -> (Framework, Dataset) {
        var framework = framework
        framework.name = LocalisedText(zh: hostileName, en: hostileName)
        for index in framework.evaluations.indices {
            framework.evaluations[index].name = LocalisedText(zh: hostileName, en: hostileName)
        }
        var dataset = dataset
        for index in dataset.units.indices where dataset.units[index].id == unit {
            dataset.units[index].id = hostileID
            dataset.units[index].name = LocalisedText(zh: hostileName, en: hostileName)
        }
        for index in dataset.observations.indices where dataset.observations[index].unit == unit {
            dataset.observations[index].unit = hostileID
            dataset.observations[index].source = hostileName
        }
        return (framework, dataset)
    }

    /// A Python check that prints every start tag named `img` and every attribute named `on…` in
    /// the HTML files given as arguments, one per line (nothing = none).
    public static let markupAudit = """
        import sys
        from html.parser import HTMLParser
        class Audit(HTMLParser):
            def __init__(self, name):
                super().__init__()
                self.name = name
            def handle_starttag(self, tag, attrs):
                if tag == 'img':
                    print(self.name, 'element', tag)
                for key, _ in attrs:
                    if key.lower().startswith('on'):
                        print(self.name, 'attribute', tag, key)
        for path in sys.argv[1:]:
            with open(path, encoding='utf-8') as f:
                Audit(path).feed(f.read())
        """
}
