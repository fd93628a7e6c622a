//! The simulated ROOMZ account: buildings, their floors and the floors' workspaces,
//! generated from a seed, in the JSON shapes of the draft's schemas (`BuildingViewModel`,
//! `FloorViewModel`, `WorkspaceViewModel`, `WorkspaceStatusViewModel`: lower-camel-case
//! names, as the schemas write them, not the capitalised names of the draft's examples),
//! the draft's pagination, and the changes that make events.

use crate::core::event::{EventType, Resource};
use serde_json::{json, Value};

/// A workspace's presence, as `data.presenceStatus` and the status's `presence` write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Free,
    Busy,
}

impl Presence {
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::Free => "Free",
            Presence::Busy => "Busy",
        }
    }

    pub fn other(self) -> Presence {
        match self {
            Presence::Free => Presence::Busy,
            Presence::Busy => Presence::Free,
        }
    }

    /// "Free" or "Busy", in any case (ROOMZ's own example writes "busy").
    pub fn parse(text: &str) -> Option<Presence> {
        [Presence::Free, Presence::Busy]
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(text))
    }
}

/// The draft's `WorkspaceType`.
const WORKSPACE_TYPES: [&str; 4] = ["Room", "Desk", "Huddle", "ParkingSpace"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Building {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Floor {
    pub id: String,
    pub name: String,
    pub level: i64,
    pub building_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    pub floor_id: String,
    pub presence: Presence,
}

impl Building {
    /// `BuildingViewModel`.
    pub fn json(&self) -> Value {
        json!({"id": self.id, "name": self.name})
    }
}

impl Floor {
    /// `FloorViewModel`.
    pub fn json(&self) -> Value {
        json!({"id": self.id, "name": self.name, "level": self.level})
    }
}

impl Workspace {
    /// `WorkspaceStatusViewModel`: no booking system is simulated, so `bookingSystem` is
    /// "None" and the aggregated `workspace` status is the presence.
    pub fn status_json(&self) -> Value {
        json!({
            "bookingSystem": "None",
            "presence": self.presence.as_str(),
            "workspace": self.presence.as_str(),
        })
    }

    /// `WorkspaceViewModel`.
    pub fn json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "type": self.kind,
            "workspaceStatus": self.status_json(),
        })
    }
}

/// `page` and `length` of a list request, checked as the draft's parameters say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// From 1.
    pub page: usize,
    /// 1 to 100.
    pub length: usize,
}

impl Default for Page {
    fn default() -> Self {
        Page {
            page: 1,
            length: 10,
        }
    }
}

impl Page {
    /// Reads `page` and `length` from a query string (other parameters are ignored);
    /// `Err` says which one is wrong, for a 400.
    pub fn from_query(query: Option<&str>) -> Result<Page, String> {
        let mut page = Page::default();
        for (name, value) in url::form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            let (slot, low, high) = match name.as_ref() {
                "page" => (&mut page.page, 1, usize::MAX),
                "length" => (&mut page.length, 1, 100),
                _ => continue,
            };
            *slot = value
                .parse::<usize>()
                .ok()
                .filter(|n| (low..=high).contains(n))
                .ok_or_else(|| {
                    let range = if high == usize::MAX {
                        format!("from {low}")
                    } else {
                        format!("from {low} to {high}")
                    };
                    format!("'{name}' must be an integer {range}, got {value:?}")
                })?;
        }
        Ok(page)
    }

    /// This page's items.
    pub fn of<'a, T>(&self, items: &'a [T]) -> &'a [T] {
        let start = (self.page - 1).saturating_mul(self.length).min(items.len());
        let end = start.saturating_add(self.length).min(items.len());
        &items[start..end]
    }
}

/// What a change did, for its event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The type of the event it makes: the one asked for, or `*.created` when there was
    /// nothing to update or delete.
    pub kind: &'static EventType,
    pub resource_id: String,
    /// The new presence, for presence events.
    pub presence: Option<Presence>,
}

/// The whole simulated account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct World {
    pub buildings: Vec<Building>,
    pub floors: Vec<Floor>,
    pub workspaces: Vec<Workspace>,
    /// How many of each were ever made: new names never repeat old ones.
    made: [usize; 3],
}

/// A UUID from the seeded generator, so that a seed gives the same ids every run.
fn seeded_uuid(rng: &mut fastrand::Rng) -> String {
    let bytes: [u8; 16] = std::array::from_fn(|_| rng.u8(..));
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

impl World {
    /// `buildings` buildings with `floors` floors each, and `workspaces` workspaces spread
    /// over all the floors in turn.
    pub fn generate(
        rng: &mut fastrand::Rng,
        buildings: usize,
        floors: usize,
        workspaces: usize,
    ) -> World {
        let mut world = World {
            buildings: Vec::new(),
            floors: Vec::new(),
            workspaces: Vec::new(),
            made: [0; 3],
        };
        for _ in 0..buildings.max(1) {
            let building = world.add_building(rng);
            for _ in 0..floors.max(1) {
                world.add_floor(rng, &building);
            }
        }
        for n in 0..workspaces {
            let floor = world.floors[n % world.floors.len()].id.clone();
            world.add_workspace(rng, &floor);
        }
        world
    }

    fn add_building(&mut self, rng: &mut fastrand::Rng) -> String {
        self.made[0] += 1;
        let n = self.made[0];
        // "Building A" … "Building Z", then "Building 27" …
        let name = match u8::try_from(n).ok().filter(|n| *n <= 26) {
            Some(n) => format!("Building {}", char::from(b'A' + n - 1)),
            None => format!("Building {n}"),
        };
        let id = seeded_uuid(rng);
        self.buildings.push(Building {
            id: id.clone(),
            name,
        });
        id
    }

    fn add_floor(&mut self, rng: &mut fastrand::Rng, building_id: &str) -> String {
        self.made[1] += 1;
        let level = self
            .floors
            .iter()
            .filter(|f| f.building_id == building_id)
            .map(|f| f.level + 1)
            .max()
            .unwrap_or(0);
        let id = seeded_uuid(rng);
        self.floors.push(Floor {
            id: id.clone(),
            name: format!("Floor {level}"),
            level,
            building_id: building_id.to_string(),
        });
        id
    }

    fn add_workspace(&mut self, rng: &mut fastrand::Rng, floor_id: &str) -> String {
        self.made[2] += 1;
        let kind = WORKSPACE_TYPES[rng.usize(..WORKSPACE_TYPES.len())];
        let name = match kind {
            "Room" => format!("Room {}", 100 + self.made[2]),
            "Desk" => format!("Desk {}", self.made[2]),
            "Huddle" => format!("Huddle Space {}", self.made[2]),
            _ => format!("Parking Space {}", self.made[2]),
        };
        let id = seeded_uuid(rng);
        let presence = if rng.bool() {
            Presence::Busy
        } else {
            Presence::Free
        };
        self.workspaces.push(Workspace {
            id: id.clone(),
            name,
            kind,
            floor_id: floor_id.to_string(),
            presence,
        });
        id
    }

    pub fn building(&self, id: &str) -> Option<&Building> {
        self.buildings
            .iter()
            .find(|b| b.id.eq_ignore_ascii_case(id))
    }

    pub fn floor(&self, id: &str) -> Option<&Floor> {
        self.floors.iter().find(|f| f.id.eq_ignore_ascii_case(id))
    }

    pub fn workspace_index(&self, id: &str) -> Option<usize> {
        self.workspaces
            .iter()
            .position(|w| w.id.eq_ignore_ascii_case(id))
    }

    pub fn floors_of(&self, building_id: &str) -> Vec<&Floor> {
        self.floors
            .iter()
            .filter(|f| f.building_id == building_id)
            .collect()
    }

    pub fn workspaces_of(&self, floor_id: &str) -> Vec<&Workspace> {
        self.workspaces
            .iter()
            .filter(|w| w.floor_id == floor_id)
            .collect()
    }

    /// Sets a workspace's presence; `None` when it already had it.
    pub fn set_presence(&mut self, index: usize, presence: Presence) -> Option<Presence> {
        let workspace = &mut self.workspaces[index];
        (workspace.presence != presence).then(|| {
            workspace.presence = presence;
            presence
        })
    }

    /// Makes a change of `kind`'s sort to a resource picked by `rng`. A presence type
    /// flips a workspace; `*.updated` renames; `*.deleted` removes a resource that holds
    /// nothing (a building without floors, a floor without workspaces, a workspace while
    /// others remain), and becomes `*.created` when there is none, so that the account
    /// never empties. `None` when there is no workspace to flip.
    pub fn change(&mut self, kind: &'static EventType, rng: &mut fastrand::Rng) -> Option<Change> {
        use crate::core::event::Details;
        let change = |kind, resource_id| Change {
            kind,
            resource_id,
            presence: None,
        };
        let created = |resource: Resource| {
            let name = format!("{}.created", resource.as_str());
            crate::core::event::lookup(&name).expect("every resource has a created type")
        };
        if kind.details == Details::WorkspaceStatus {
            if self.workspaces.is_empty() {
                return None;
            }
            let index = rng.usize(..self.workspaces.len());
            let presence = self.workspaces[index].presence.other();
            self.set_presence(index, presence);
            return Some(Change {
                kind,
                resource_id: self.workspaces[index].id.clone(),
                presence: Some(presence),
            });
        }
        let verb = kind.name.rsplit('.').next().unwrap_or_default();
        match (kind.resource, verb) {
            (resource, "deleted") => {
                let removable: Vec<String> = match resource {
                    Resource::Building => self
                        .buildings
                        .iter()
                        .filter(|b| self.floors_of(&b.id).is_empty())
                        .map(|b| b.id.clone())
                        .collect(),
                    Resource::Floor => self
                        .floors
                        .iter()
                        .filter(|f| self.workspaces_of(&f.id).is_empty())
                        .map(|f| f.id.clone())
                        .collect(),
                    Resource::Workspace if self.workspaces.len() > 1 => {
                        self.workspaces.iter().map(|w| w.id.clone()).collect()
                    }
                    Resource::Workspace => Vec::new(),
                };
                if removable.is_empty() {
                    return self.change(created(resource), rng);
                }
                let id = removable[rng.usize(..removable.len())].clone();
                match resource {
                    Resource::Building => self.buildings.retain(|b| b.id != id),
                    Resource::Floor => self.floors.retain(|f| f.id != id),
                    Resource::Workspace => self.workspaces.retain(|w| w.id != id),
                }
                Some(change(kind, id))
            }
            (Resource::Building, "created") => Some(change(kind, self.add_building(rng))),
            (Resource::Floor, "created") => {
                let building = self.buildings[rng.usize(..self.buildings.len())].id.clone();
                Some(change(kind, self.add_floor(rng, &building)))
            }
            (Resource::Workspace, "created") => {
                let floor = self.floors[rng.usize(..self.floors.len())].id.clone();
                Some(change(kind, self.add_workspace(rng, &floor)))
            }
            (resource, _) => {
                // An update: a new name.
                let stamp = rng.u32(1000..10_000);
                let (id, name) = match resource {
                    Resource::Building => {
                        let n = rng.usize(..self.buildings.len());
                        let b = &mut self.buildings[n];
                        (b.id.clone(), &mut b.name)
                    }
                    Resource::Floor => {
                        let n = rng.usize(..self.floors.len());
                        let f = &mut self.floors[n];
                        (f.id.clone(), &mut f.name)
                    }
                    Resource::Workspace if self.workspaces.is_empty() => {
                        return self.change(created(resource), rng)
                    }
                    Resource::Workspace => {
                        let n = rng.usize(..self.workspaces.len());
                        let w = &mut self.workspaces[n];
                        (w.id.clone(), &mut w.name)
                    }
                };
                let base = name.split(" (").next().unwrap_or_default().to_string();
                *name = format!("{base} (renamed {stamp})");
                Some(change(kind, id))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::event::CATALOGUE;

    fn world(seed: u64) -> World {
        World::generate(&mut fastrand::Rng::with_seed(seed), 2, 2, 5)
    }

    #[test]
    fn the_seed_decides_the_account() {
        assert_eq!(world(7), world(7));
        assert_ne!(world(7), world(8));
        let w = world(7);
        assert_eq!(
            (w.buildings.len(), w.floors.len(), w.workspaces.len()),
            (2, 4, 5)
        );
        assert_eq!(w.buildings[0].name, "Building A");
        assert_eq!(w.floors_of(&w.buildings[1].id).len(), 2);
        assert_eq!(w.workspaces_of(&w.floors[0].id).len(), 2);
        assert!(w
            .workspaces
            .iter()
            .all(|ws| WORKSPACE_TYPES.contains(&ws.kind)));
    }

    #[test]
    fn pages_count_from_one_and_lengths_stay_within_1_to_100() {
        assert_eq!(Page::from_query(None), Ok(Page::default()));
        assert_eq!(
            Page::from_query(Some("page=2&length=3&x=y")),
            Ok(Page { page: 2, length: 3 })
        );
        for bad in [
            "page=0",
            "length=0",
            "length=101",
            "page=-1",
            "page=a",
            "length=",
        ] {
            let error = Page::from_query(Some(bad)).unwrap_err();
            assert!(error.contains("must be an integer"), "{bad}: {error}");
        }
        let items: Vec<usize> = (0..25).collect();
        assert_eq!(Page::default().of(&items).len(), 10);
        assert_eq!(
            Page {
                page: 3,
                length: 10
            }
            .of(&items),
            &items[20..]
        );
        assert!(Page {
            page: 4,
            length: 10
        }
        .of(&items)
        .is_empty());
        assert!(Page {
            page: usize::MAX,
            length: 100
        }
        .of(&items)
        .is_empty());
    }

    #[test]
    fn every_type_makes_a_change_and_the_account_never_empties() {
        let mut w = world(1);
        let mut rng = fastrand::Rng::with_seed(3);
        for round in 0..200 {
            let kind = &CATALOGUE[round % CATALOGUE.len()];
            let change = w.change(kind, &mut rng).expect("a change");
            assert_eq!(change.kind.resource, kind.resource);
            let exists = match kind.resource {
                Resource::Building => w.building(&change.resource_id).is_some(),
                Resource::Floor => w.floor(&change.resource_id).is_some(),
                Resource::Workspace => w.workspace_index(&change.resource_id).is_some(),
            };
            assert_eq!(
                exists,
                !change.kind.name.ends_with(".deleted"),
                "{}",
                kind.name
            );
            assert!(!w.buildings.is_empty() && !w.floors.is_empty() && !w.workspaces.is_empty());
            for floor in &w.floors {
                assert!(w.building(&floor.building_id).is_some(), "no orphan floor");
            }
            for ws in &w.workspaces {
                assert!(w.floor(&ws.floor_id).is_some(), "no orphan workspace");
            }
        }
    }

    #[test]
    fn presence_parses_in_any_case() {
        assert_eq!(Presence::parse("busy"), Some(Presence::Busy));
        assert_eq!(Presence::parse("Free"), Some(Presence::Free));
        assert_eq!(Presence::parse("Away"), None);
    }
}
