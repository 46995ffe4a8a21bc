import Testing
@testable import Engine

@Suite struct BehaviorTreeTests {
    func feed(_ tree: BehaviorTree, _ events: [Event]) -> [Event] {
        events.map { event in
            var event = event
            tree.standardise(&event)
            return event
        }
    }

    @Test func buildsLevelsLinksPagesAndFillsContext() {
        let tree = BehaviorTree()
        let out = feed(tree, [
            Event(ts: 1000, type: "app_start", app: "shop"),
            Event(ts: 1100, type: "scene_enter", scene: "browse"),
            Event(ts: 1200, type: "page_enter", page: "home"),
            Event(ts: 1300, type: "scroll"),
            Event(ts: 1400, type: "click", params: CELMap([(.string("item"), .string("sku1"))])),
            Event(ts: 1500, type: "page_exit"),
            Event(ts: 1600, type: "page_enter", page: "item"),
            Event(ts: 1700, type: "add_to_cart"),
        ])
        #expect(out[4].session == "s1" && out[4].app == "shop" && out[4].scene == "browse" && out[4].page == "home")
        #expect(out[5].page == "home")  // page_exit is filled with the page it ends
        #expect(out[7].page == "item")
        #expect(tree.render() == """
            session s1 [+0ms..open]
              app shop (open)
                scene browse (open)
                  page home -> item via click @+400ms
                    scroll @+300ms
                    click @+400ms
                  page item (open)
                    add_to_cart @+700ms

            """)
    }

    @Test func givenContextIsKept() {
        let tree = BehaviorTree()
        let out = feed(tree, [
            Event(ts: 1, type: "page_enter", page: "home"),
            Event(ts: 2, type: "click", page: "somewhere_else"),
        ])
        #expect(out[1].page == "somewhere_else")
        #expect(out[1].scene == "scene3")
    }

    @Test func missingParentsAreCreatedImplicitly() {
        let tree = BehaviorTree()
        _ = feed(tree, [
            Event(ts: 0, type: "page_enter", page: "home"),
            Event(ts: 5, type: "click"),
            Event(ts: 6, type: "scene_exit"),
            Event(ts: 7, type: "tap", scene: "checkout", page: "pay"),
        ])
        #expect(tree.render() == """
            session s1 [+0ms..open]
              app app2 (implicit) (open)
                scene scene3 (implicit)
                  page home -> pay via click @+5ms
                    click @+5ms
                scene checkout (implicit) (open)
                  page pay (implicit) (open)
                    tap @+7ms

            """)
    }

    @Test func sessionEndsAfterGapAndOnAppEnd() {
        let tree = BehaviorTree(sessionGap: TimeSpan(milliseconds: 100))
        let out = feed(tree, [
            Event(ts: 0, type: "click"),
            Event(ts: 99, type: "click"),       // 99 < gap: same session
            Event(ts: 199, type: "click"),      // exactly the gap: new session
            Event(ts: 250, type: "app_end"),
            Event(ts: 260, type: "click"),      // after app_end: new session
        ])
        #expect(out.map(\.session) == ["s1", "s1", "s7", "s7", "s12"])
        #expect(tree.history.map(\.name) == ["s1", "s7"])
        #expect(tree.history[0].endTs == 99)
        #expect(tree.history[1].endTs == 250)
        #expect(tree.currentSession?.name == "s12")
    }

    @Test func advanceEndsAnIdleSessionWithoutAnEvent() {
        let tree = BehaviorTree(sessionGap: TimeSpan(milliseconds: 10))
        _ = feed(tree, [Event(ts: 0, type: "click")])
        tree.advance(to: 9)
        #expect(tree.currentSession != nil)
        tree.advance(to: 10)
        #expect(tree.currentSession == nil && tree.history.count == 1)
    }

    @Test func aDifferentSessionFieldStartsANewSession() {
        let tree = BehaviorTree()
        let out = feed(tree, [
            Event(ts: 0, type: "click", session: "a"),
            Event(ts: 1, type: "click"),
            Event(ts: 2, type: "click", session: "b"),
        ])
        #expect(out.map(\.session) == ["a", "a", "b"])
        #expect(tree.history.map(\.name) == ["a"])
    }

    @Test func positionTracksTheLatestBegunNodePerLevel() {
        let tree = BehaviorTree()
        _ = feed(tree, [Event(ts: 0, type: "page_enter", page: "a")])
        let first = tree.position
        _ = feed(tree, [Event(ts: 1, type: "page_exit")])
        #expect(tree.position == first)  // an ended page stays current until the next begins
        _ = feed(tree, [Event(ts: 2, type: "page_enter", page: "b")])
        #expect(tree.position.page != first.page)
        #expect(tree.position.scene == first.scene && tree.position.session == first.session)
        _ = feed(tree, [Event(ts: 3, type: "app_start", app: "x")])
        #expect(tree.position.app != first.app && tree.position.session == first.session)
    }

    @Test func appStartEndsTheOpenApp() {
        let tree = BehaviorTree()
        _ = feed(tree, [
            Event(ts: 0, type: "app_start", app: "a"),
            Event(ts: 1, type: "click"),
            Event(ts: 2, type: "app_start", app: "b"),
        ])
        let apps = tree.currentSession!.children
        #expect(apps.map(\.name) == ["a", "b"])
        #expect(apps[0].endTs == 2 && apps[1].endTs == nil)
        #expect(apps[0].children.first?.endTs == 2)  // its implicit scene ended with it
    }

    /// SPEC §5: whatever its type, the first event after a session ended begins a new one;
    /// an exit with nothing open to exit changes nothing else.
    @Test func theFirstEventAfterASessionEndsBeginsOneWhateverItsType() {
        let tree = BehaviorTree(sessionGap: TimeSpan(milliseconds: 10))
        let out = feed(tree, [
            Event(ts: 0, type: "page_exit"), Event(ts: 1, type: "scene_exit"),
            Event(ts: 20, type: "page_exit"),  // after the gap
            Event(ts: 21, type: "app_end"), Event(ts: 22, type: "scene_exit"),  // after app_end
        ])
        #expect(out.map(\.session) == ["s1", "s1", "s5", "s5", "s9"])
        #expect(tree.history.map(\.name) == ["s1", "s5"])
        #expect(tree.currentSession?.name == "s9" && tree.currentSession?.children.isEmpty == true)
    }

    /// SPEC §5: a structural event begins its node and the implicit nodes below at once, so
    /// `scope` windows of its level and below reset at that event, not at the next behaviour.
    @Test func aStructuralEventMovesTheLevelsBelowAtOnce() {
        let tree = BehaviorTree()
        _ = feed(tree, [Event(ts: 0, type: "page_enter", page: "a"), Event(ts: 1, type: "click")])
        let before = tree.position
        _ = feed(tree, [Event(ts: 2, type: "scene_enter", scene: "s")])
        #expect(tree.position.scene != before.scene && tree.position.page != before.page)
        #expect(tree.position.app == before.app)
        let afterScene = tree.position
        _ = feed(tree, [Event(ts: 3, type: "click")])  // makes the implicit page with the id taken at ts 2
        #expect(tree.position == afterScene)
        _ = feed(tree, [Event(ts: 4, type: "app_start")])
        #expect(tree.position.app != afterScene.app && tree.position.scene != afterScene.scene)
        #expect(tree.position.page != afterScene.page && tree.position.session == afterScene.session)
    }

    /// SPEC §5: after its session ended, no node of any level is current.
    @Test func anEndedSessionLeavesNoCurrentNode() {
        let tree = BehaviorTree(sessionGap: TimeSpan(milliseconds: 10))
        _ = feed(tree, [Event(ts: 0, type: "click")])
        let during = tree.position
        tree.advance(to: 10)
        for level in TreeLevel.allCases { #expect(tree.position[level] != during[level], "\(level)") }
        _ = feed(tree, [Event(ts: 11, type: "click")])
        for level in TreeLevel.allCases { #expect(tree.position[level] > during[level], "\(level)") }
    }

    @Test func memoryIsBoundedByLimits() {
        let tree = BehaviorTree(
            sessionGap: TimeSpan(milliseconds: 10), limits: BehaviorTreeLimits(maxChildrenPerNode: 3, sessionHistory: 2))
        var events: [Event] = []
        for s in 0..<5 {
            for i in 0..<10 { events.append(Event(ts: Int64(s * 1000 + i), type: "e\(i)")) }
        }
        _ = feed(tree, events)
        #expect(tree.history.count == 2)
        let page = tree.currentSession!.children[0].children[0].children[0]
        #expect(page.children.map(\.name) == ["e7", "e8", "e9"] && page.droppedChildren == 7)
        #expect(tree.render(includeHistory: false).contains("... 7 earlier dropped"))
    }
}
