package io.github.dbqueryagent.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The embedded demo database of {@code dbqa}: a small online shop in an in-memory H2 database, so that
 * {@code dbqa "How many customers are from Brazil?"} works with nothing installed.
 *
 * <p>Ten tables with foreign keys and {@code COMMENT ON} comments: {@code categories}, {@code
 * suppliers}, {@code products}, {@code customers}, {@code employees} (with a {@code manager_id}
 * hierarchy), {@code orders}, {@code order_items}, {@code payments}, {@code shipments} and {@code
 * reviews} — about six thousand rows of realistic names, countries, cities, prices and dates between
 * 2022 and mid-2025. Identifiers are snake_case and unquoted, so H2 reports them in upper case ({@code
 * CUSTOMERS.COUNTRY}) and SQL may write them in any case.
 *
 * <p>The data is generated, not loaded: a {@link Random} with the fixed seed {@link #SEED} drives
 * every choice, so every build produces exactly the same rows (no clock, no data files).
 *
 * <p>Thread-safe. The database lives as long as the JVM ({@code DB_CLOSE_DELAY=-1}) and is created by
 * the first call of {@link #dataSource()}.
 */
public final class DemoDatabase {
  /** The JDBC URL of the demo database: {@value}. */
  public static final String URL = "jdbc:h2:mem:dbqa-demo;DB_CLOSE_DELAY=-1";

  /** The seed of the generator; changing it changes every row. */
  public static final long SEED = 20_261_121L;

  /** The tables, parents before children. */
  public static final List<String> TABLES =
      List.of(
          "categories", "suppliers", "products", "customers", "employees", "orders", "order_items", "payments",
          "shipments", "reviews");

  private static final LocalDate FIRST_ORDER = LocalDate.of(2022, 1, 1);
  private static final LocalDate LAST_ORDER = LocalDate.of(2025, 6, 15);
  private static final LocalDate TODAY = LocalDate.of(2025, 6, 30);
  private static final int CUSTOMERS = 300;
  private static final int ORDERS = 1000;

  private static DataSource dataSource;

  private DemoDatabase() {}

  /**
   * Returns the demo database, creating and filling it on the first call (a second or two on a cold
   * JVM). Later calls return the same data source at once.
   *
   * @return a data source for {@link #URL}; each {@code getConnection()} opens a new connection that the
   *     caller closes
   * @throws IllegalStateException when the database cannot be created (a bug: H2 is bundled)
   */
  public static synchronized DataSource dataSource() {
    if (dataSource == null) {
      JdbcDataSource ds = new JdbcDataSource();
      ds.setURL(URL);
      try (Connection c = ds.getConnection()) {
        if (!exists(c)) {
          populate(c);
        }
      } catch (SQLException e) {
        throw new IllegalStateException("cannot create the demo database: " + e.getMessage(), e);
      }
      dataSource = ds;
    }
    return dataSource;
  }

  private static boolean exists(Connection c) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    try (ResultSet rs = md.getTables(null, "PUBLIC", "REVIEWS", null)) {
      return rs.next();
    }
  }

  /**
   * Creates the demo tables in an empty H2 database and fills them, in one transaction. Deterministic:
   * two calls on two empty databases produce identical rows.
   *
   * @param connection an H2 connection to an empty database (or one without these tables); the
   *     connection's auto-commit setting is restored afterwards; the caller closes it
   * @throws SQLException when a statement fails (for example when the tables exist); the transaction is
   *     rolled back
   */
  public static void populate(Connection connection) throws SQLException {
    Objects.requireNonNull(connection, "connection");
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      createTables(connection);
      new Generator(new Random(SEED)).insert(connection);
      comment(connection);
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private static void createTables(Connection c) throws SQLException {
    String[] ddl = {
      "CREATE TABLE categories ("
          + " category_id INTEGER PRIMARY KEY,"
          + " name VARCHAR(50) NOT NULL UNIQUE,"
          + " description VARCHAR(200) NOT NULL)",
      "CREATE TABLE suppliers ("
          + " supplier_id INTEGER PRIMARY KEY,"
          + " company_name VARCHAR(100) NOT NULL,"
          + " contact_name VARCHAR(100) NOT NULL,"
          + " email VARCHAR(120) NOT NULL,"
          + " phone VARCHAR(30) NOT NULL,"
          + " city VARCHAR(60) NOT NULL,"
          + " country VARCHAR(60) NOT NULL)",
      "CREATE TABLE products ("
          + " product_id INTEGER PRIMARY KEY,"
          + " name VARCHAR(100) NOT NULL,"
          + " category_id INTEGER NOT NULL,"
          + " supplier_id INTEGER NOT NULL,"
          + " price DECIMAL(10,2) NOT NULL,"
          + " units_in_stock INTEGER NOT NULL,"
          + " discontinued BOOLEAN NOT NULL,"
          + " CONSTRAINT fk_products_category FOREIGN KEY (category_id) REFERENCES categories (category_id),"
          + " CONSTRAINT fk_products_supplier FOREIGN KEY (supplier_id) REFERENCES suppliers (supplier_id))",
      "CREATE TABLE customers ("
          + " customer_id INTEGER PRIMARY KEY,"
          + " first_name VARCHAR(50) NOT NULL,"
          + " last_name VARCHAR(50) NOT NULL,"
          + " email VARCHAR(120) NOT NULL UNIQUE,"
          + " phone VARCHAR(30),"
          + " city VARCHAR(60) NOT NULL,"
          + " country VARCHAR(60) NOT NULL,"
          + " signup_date DATE NOT NULL)",
      "CREATE TABLE employees ("
          + " employee_id INTEGER PRIMARY KEY,"
          + " first_name VARCHAR(50) NOT NULL,"
          + " last_name VARCHAR(50) NOT NULL,"
          + " title VARCHAR(60) NOT NULL,"
          + " email VARCHAR(120) NOT NULL UNIQUE,"
          + " hire_date DATE NOT NULL,"
          + " salary DECIMAL(10,2) NOT NULL,"
          + " manager_id INTEGER,"
          + " city VARCHAR(60) NOT NULL,"
          + " country VARCHAR(60) NOT NULL,"
          + " CONSTRAINT fk_employees_manager FOREIGN KEY (manager_id) REFERENCES employees (employee_id))",
      "CREATE TABLE orders ("
          + " order_id INTEGER PRIMARY KEY,"
          + " customer_id INTEGER NOT NULL,"
          + " employee_id INTEGER NOT NULL,"
          + " order_date DATE NOT NULL,"
          + " status VARCHAR(20) NOT NULL,"
          + " ship_city VARCHAR(60) NOT NULL,"
          + " ship_country VARCHAR(60) NOT NULL,"
          + " total_amount DECIMAL(12,2) NOT NULL,"
          + " CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (customer_id),"
          + " CONSTRAINT fk_orders_employee FOREIGN KEY (employee_id) REFERENCES employees (employee_id),"
          + " CONSTRAINT ck_orders_status CHECK (status IN ('pending', 'processing', 'shipped', 'delivered',"
          + " 'cancelled')))",
      "CREATE TABLE order_items ("
          + " order_item_id INTEGER PRIMARY KEY,"
          + " order_id INTEGER NOT NULL,"
          + " product_id INTEGER NOT NULL,"
          + " quantity INTEGER NOT NULL,"
          + " unit_price DECIMAL(10,2) NOT NULL,"
          + " discount DECIMAL(4,2) NOT NULL,"
          + " CONSTRAINT fk_order_items_order FOREIGN KEY (order_id) REFERENCES orders (order_id),"
          + " CONSTRAINT fk_order_items_product FOREIGN KEY (product_id) REFERENCES products (product_id))",
      "CREATE TABLE payments ("
          + " payment_id INTEGER PRIMARY KEY,"
          + " order_id INTEGER NOT NULL,"
          + " payment_date DATE NOT NULL,"
          + " amount DECIMAL(12,2) NOT NULL,"
          + " method VARCHAR(20) NOT NULL,"
          + " CONSTRAINT fk_payments_order FOREIGN KEY (order_id) REFERENCES orders (order_id))",
      "CREATE TABLE shipments ("
          + " shipment_id INTEGER PRIMARY KEY,"
          + " order_id INTEGER NOT NULL UNIQUE,"
          + " carrier VARCHAR(30) NOT NULL,"
          + " tracking_number VARCHAR(40) NOT NULL,"
          + " shipped_date DATE NOT NULL,"
          + " delivered_date DATE,"
          + " CONSTRAINT fk_shipments_order FOREIGN KEY (order_id) REFERENCES orders (order_id))",
      "CREATE TABLE reviews ("
          + " review_id INTEGER PRIMARY KEY,"
          + " product_id INTEGER NOT NULL,"
          + " customer_id INTEGER NOT NULL,"
          + " rating INTEGER NOT NULL,"
          + " review_date DATE NOT NULL,"
          + " review_text VARCHAR(500),"
          + " CONSTRAINT fk_reviews_product FOREIGN KEY (product_id) REFERENCES products (product_id),"
          + " CONSTRAINT fk_reviews_customer FOREIGN KEY (customer_id) REFERENCES customers (customer_id),"
          + " CONSTRAINT ck_reviews_rating CHECK (rating BETWEEN 1 AND 5))",
    };
    try (Statement s = c.createStatement()) {
      for (String sql : ddl) s.execute(sql);
    }
  }

  private static void comment(Connection c) throws SQLException {
    String[][] comments = {
      {"TABLE categories", "Product categories of the shop catalog"},
      {"COLUMN categories.category_id", "Category identifier"},
      {"COLUMN categories.name", "Category name, e.g. Beverages or Dairy"},
      {"COLUMN categories.description", "What the category contains"},
      {"TABLE suppliers", "Companies the shop buys its products from"},
      {"COLUMN suppliers.company_name", "Supplier company name"},
      {"COLUMN suppliers.contact_name", "Name of the contact person at the supplier"},
      {"COLUMN suppliers.country", "Country where the supplier is located"},
      {"TABLE products", "Products for sale, each in one category and from one supplier"},
      {"COLUMN products.name", "Product name"},
      {"COLUMN products.category_id", "Category of the product"},
      {"COLUMN products.supplier_id", "Supplier of the product"},
      {"COLUMN products.price", "Current unit price in US dollars"},
      {"COLUMN products.units_in_stock", "Units currently in the warehouse"},
      {"COLUMN products.discontinued", "Whether the product is no longer sold"},
      {"TABLE customers", "People who registered with the shop"},
      {"COLUMN customers.first_name", "Customer first (given) name"},
      {"COLUMN customers.last_name", "Customer last (family) name"},
      {"COLUMN customers.email", "Customer e-mail address"},
      {"COLUMN customers.city", "City the customer lives in"},
      {"COLUMN customers.country", "Country the customer lives in, e.g. Brazil or Germany"},
      {"COLUMN customers.signup_date", "Date the customer registered"},
      {"TABLE employees", "Staff of the shop; sales representatives handle orders"},
      {"COLUMN employees.title", "Job title, e.g. Sales Representative"},
      {"COLUMN employees.hire_date", "Date the employee was hired"},
      {"COLUMN employees.salary", "Yearly salary in US dollars"},
      {"COLUMN employees.manager_id", "The employee's manager (another employee), empty for the CEO"},
      {"TABLE orders", "Orders placed by customers"},
      {"COLUMN orders.customer_id", "Customer who placed the order"},
      {"COLUMN orders.employee_id", "Sales representative who handled the order"},
      {"COLUMN orders.order_date", "Date the order was placed"},
      {"COLUMN orders.status", "Order status: pending, processing, shipped, delivered or cancelled"},
      {"COLUMN orders.ship_city", "City the order is shipped to"},
      {"COLUMN orders.ship_country", "Country the order is shipped to"},
      {"COLUMN orders.total_amount", "Order total in US dollars after discounts"},
      {"TABLE order_items", "Lines of an order: which products, how many, at what price"},
      {"COLUMN order_items.quantity", "Number of units ordered"},
      {"COLUMN order_items.unit_price", "Price of one unit when the order was placed"},
      {"COLUMN order_items.discount", "Discount as a fraction, e.g. 0.10 for 10%"},
      {"TABLE payments", "Payments received for orders"},
      {"COLUMN payments.payment_date", "Date the payment was received"},
      {"COLUMN payments.amount", "Amount paid in US dollars"},
      {"COLUMN payments.method", "Payment method: credit_card, paypal, bank_transfer or gift_card"},
      {"TABLE shipments", "Shipments of orders to customers, one per shipped order"},
      {"COLUMN shipments.carrier", "Shipping company, e.g. DHL or UPS"},
      {"COLUMN shipments.tracking_number", "Carrier tracking number"},
      {"COLUMN shipments.shipped_date", "Date the order left the warehouse"},
      {"COLUMN shipments.delivered_date", "Date the order was delivered, empty while in transit"},
      {"TABLE reviews", "Product reviews written by customers"},
      {"COLUMN reviews.rating", "Star rating from 1 (worst) to 5 (best)"},
      {"COLUMN reviews.review_date", "Date the review was written"},
      {"COLUMN reviews.review_text", "The review text"},
    };
    try (Statement s = c.createStatement()) {
      for (String[] cm : comments) {
        s.execute("COMMENT ON " + cm[0] + " IS '" + cm[1].replace("'", "''") + "'");
      }
    }
  }

  /** The seeded generator of rows; one instance per population. */
  private static final class Generator {
    private static final String[][] CATEGORIES = {
      {"Beverages", "Soft drinks, juices and waters", "1.49", "5.99"},
      {"Coffee & Tea", "Coffee beans, ground coffee and teas", "3.99", "24.99"},
      {"Snacks", "Chips, nuts, bars and other snacks", "1.29", "8.99"},
      {"Dairy", "Milk, cheese, yogurt and butter", "0.99", "14.99"},
      {"Bakery", "Bread, pastries and cakes", "1.99", "9.99"},
      {"Produce", "Fresh fruit and vegetables", "0.79", "7.99"},
      {"Meat & Seafood", "Fresh meat, poultry and fish", "4.99", "34.99"},
      {"Frozen Foods", "Frozen meals, vegetables and desserts", "2.49", "13.99"},
      {"Household", "Cleaning supplies and home essentials", "1.99", "24.99"},
      {"Personal Care", "Hygiene, skin and hair care", "1.99", "59.99"},
    };
    private static final String[][] PRODUCTS = {
      {"Sparkling Mineral Water", "Orange Juice", "Apple Juice", "Cola", "Ginger Ale", "Lemonade", "Iced Tea",
        "Energy Drink", "Coconut Water", "Tonic Water"},
      {"Espresso Beans", "Colombian Ground Coffee", "Decaf Coffee", "Green Tea", "Earl Grey Tea", "Chamomile Tea",
        "Chai Latte Mix", "Matcha Powder", "Cold Brew Concentrate", "Instant Coffee"},
      {"Sea Salt Potato Chips", "Tortilla Chips", "Salted Peanuts", "Trail Mix", "Dark Chocolate Bar",
        "Granola Bar", "Pretzels", "Popcorn", "Rice Crackers", "Beef Jerky"},
      {"Whole Milk", "Greek Yogurt", "Cheddar Cheese", "Mozzarella", "Butter", "Cream Cheese", "Parmesan",
        "Oat Milk", "Sour Cream", "Brie"},
      {"Sourdough Bread", "Whole Wheat Bread", "Croissants", "Bagels", "Baguette", "Blueberry Muffins",
        "Cinnamon Rolls", "Rye Bread", "Pita Bread", "Brownies"},
      {"Bananas", "Avocados", "Tomatoes", "Baby Spinach", "Red Apples", "Lemons", "Carrots", "Strawberries",
        "Sweet Potatoes", "Blueberries"},
      {"Chicken Breast", "Ground Beef", "Salmon Fillet", "Pork Chops", "Shrimp", "Turkey Slices", "Bacon",
        "Tuna Steak", "Lamb Chops", "Italian Sausages"},
      {"Frozen Pizza", "Vanilla Ice Cream", "Frozen Peas", "Fish Sticks", "Frozen Berries", "Veggie Burgers",
        "Frozen Dumplings", "French Fries", "Frozen Lasagna", "Mango Sorbet"},
      {"Dish Soap", "Laundry Detergent", "Paper Towels", "Trash Bags", "All-Purpose Cleaner", "Sponges",
        "Aluminum Foil", "Toilet Paper", "Glass Cleaner", "Scented Candles"},
      {"Shampoo", "Conditioner", "Toothpaste", "Body Wash", "Deodorant", "Hand Cream", "Sunscreen SPF 50",
        "Lip Balm", "Face Wash", "Electric Toothbrush"},
    };
    private static final String[][] SUPPLIERS = {
      {"Nordic Foods AB", "Stockholm", "Sweden"},
      {"Rio Grande Provisions", "Porto Alegre", "Brazil"},
      {"Bavaria Fine Goods GmbH", "Munich", "Germany"},
      {"Pacific Coast Produce", "Seattle", "United States"},
      {"Maple Leaf Distributors", "Toronto", "Canada"},
      {"La Huerta Frescos", "Valencia", "Spain"},
      {"Tokyo Trading Co.", "Tokyo", "Japan"},
      {"Café do Brasil Exportadora", "São Paulo", "Brazil"},
      {"Highland Dairy Ltd", "Edinburgh", "United Kingdom"},
      {"Le Fromage Parisien", "Paris", "France"},
      {"Mumbai Spice House", "Mumbai", "India"},
      {"Sydney Harbour Seafoods", "Sydney", "Australia"},
      {"Clean Living Supplies", "Chicago", "United States"},
      {"Milano Gourmet S.r.l.", "Milan", "Italy"},
      {"Cape Fresh Exports", "Cape Town", "South Africa"},
    };
    /** Country, weight, dialling code, cities. */
    private static final Object[][] COUNTRIES = {
      {"United States", 18, "1", new String[] {"New York", "Chicago", "Austin", "Seattle", "Boston"}},
      {"Brazil", 8, "55", new String[] {"São Paulo", "Rio de Janeiro", "Belo Horizonte", "Porto Alegre"}},
      {"Germany", 8, "49", new String[] {"Berlin", "Munich", "Hamburg", "Cologne"}},
      {"United Kingdom", 8, "44", new String[] {"London", "Manchester", "Edinburgh"}},
      {"Canada", 7, "1", new String[] {"Toronto", "Vancouver", "Montreal"}},
      {"France", 7, "33", new String[] {"Paris", "Lyon", "Marseille"}},
      {"Spain", 5, "34", new String[] {"Madrid", "Barcelona", "Valencia"}},
      {"Italy", 5, "39", new String[] {"Rome", "Milan", "Turin"}},
      {"Mexico", 5, "52", new String[] {"Mexico City", "Guadalajara", "Monterrey"}},
      {"Japan", 4, "81", new String[] {"Tokyo", "Osaka", "Kyoto"}},
      {"India", 4, "91", new String[] {"Mumbai", "Bangalore", "Delhi"}},
      {"Australia", 4, "61", new String[] {"Sydney", "Melbourne", "Brisbane"}},
      {"Argentina", 3, "54", new String[] {"Buenos Aires", "Córdoba", "Rosario"}},
      {"Portugal", 3, "351", new String[] {"Lisbon", "Porto"}},
      {"Netherlands", 3, "31", new String[] {"Amsterdam", "Rotterdam", "Utrecht"}},
      {"Sweden", 2, "46", new String[] {"Stockholm", "Gothenburg"}},
      {"Poland", 2, "48", new String[] {"Warsaw", "Kraków"}},
      {"Ireland", 2, "353", new String[] {"Dublin", "Cork"}},
      {"Chile", 1, "56", new String[] {"Santiago"}},
      {"South Africa", 1, "27", new String[] {"Cape Town", "Johannesburg"}},
    };
    private static final String[] FIRST_NAMES = {
      "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
      "William", "Susan", "Daniel", "Jessica", "Thomas", "Sarah", "Lucas", "Ana", "Gabriel", "Beatriz",
      "Mateo", "Sofía", "Hugo", "Lucía", "Léa", "Louis", "Emma", "Noah", "Olivia", "Liam", "Hannah", "Felix",
      "Mia", "Leon", "Giulia", "Marco", "Francesca", "Alessandro", "Yuki", "Haruto", "Aiko", "Ren", "Priya",
      "Arjun", "Ananya", "Rohan", "Chloe", "Jack", "Isla", "Oliver", "Amelia", "Sven", "Astrid", "Piotr",
      "Zofia", "Seán", "Aoife", "Thandiwe", "Sipho", "Valentina",
    };
    private static final String[] LAST_NAMES = {
      "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
      "Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Müller", "Schmidt", "Schneider", "Fischer",
      "Weber", "Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Rossi", "Russo", "Ferrari", "Esposito",
      "Bianchi", "Fernández", "López", "González", "Sánchez", "Pérez", "Tanaka", "Suzuki", "Sato", "Takahashi",
      "Patel", "Sharma", "Singh", "Kumar", "Wilson", "Taylor", "Thompson", "White", "O'Brien", "Murphy",
      "Kowalski", "Nowak", "Andersson", "Johansson", "de Jong", "Jansen", "Nkosi", "Dlamini", "Hernández",
      "Walker",
    };
    private static final String[] STATUSES = {"delivered", "shipped", "processing", "pending", "cancelled"};
    private static final int[] STATUS_WEIGHTS = {70, 12, 6, 5, 7};
    private static final String[] METHODS = {"credit_card", "paypal", "bank_transfer", "gift_card"};
    private static final int[] METHOD_WEIGHTS = {55, 25, 12, 8};
    private static final String[] CARRIERS = {"DHL", "UPS", "FedEx", "DPD", "GLS"};
    private static final String[][] REVIEW_TEXTS = {
      {"Very disappointed, would not buy again.", "Arrived damaged and tasted off.", "Not as described."},
      {"Below expectations for the price.", "Quality has gone down lately.", "Packaging was poor."},
      {"It is okay, nothing special.", "Average quality, fair price.", "Does the job."},
      {"Good quality, arrived on time.", "Tasty and well packed.", "Would recommend it."},
      {"Excellent, will buy again!", "Best one I have tried.", "Perfect quality and fast delivery."},
    };

    private final Random r;

    Generator(Random r) {
      this.r = r;
    }

    private record Product(int id, String name, BigDecimal price) {}

    private record Customer(int id, String city, String country, LocalDate signup) {}

    private record Order(int customer, LocalDate date) {}

    private record Item(int orderId, int productId, int customerId) {}

    void insert(Connection c) throws SQLException {
      insertCategories(c);
      insertSuppliers(c);
      List<Product> products = insertProducts(c);
      List<Customer> customers = insertCustomers(c);
      List<Integer> salesReps = insertEmployees(c);
      insertOrders(c, products, customers, salesReps);
    }

    private void insertCategories(Connection c) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO categories VALUES (?, ?, ?)")) {
        for (int i = 0; i < CATEGORIES.length; i++) {
          ps.setInt(1, i + 1);
          ps.setString(2, CATEGORIES[i][0]);
          ps.setString(3, CATEGORIES[i][1]);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }

    private void insertSuppliers(Connection c) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO suppliers VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < SUPPLIERS.length; i++) {
          String[] s = SUPPLIERS[i];
          ps.setInt(1, i + 1);
          ps.setString(2, s[0]);
          ps.setString(3, pick(FIRST_NAMES) + " " + pick(LAST_NAMES));
          ps.setString(4, "sales@" + slug(s[0]) + ".example.com");
          ps.setString(5, phone(dialCode(s[2])));
          ps.setString(6, s[1]);
          ps.setString(7, s[2]);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }

    private List<Product> insertProducts(Connection c) throws SQLException {
      List<Product> products = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO products VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        int id = 0;
        for (int cat = 0; cat < PRODUCTS.length; cat++) {
          double min = Double.parseDouble(CATEGORIES[cat][2]);
          double max = Double.parseDouble(CATEGORIES[cat][3]);
          for (String name : PRODUCTS[cat]) {
            id++;
            // prices end in .29, .49, .79 or .99 like shelf prices
            int whole = (int) Math.floor(min + r.nextDouble() * (max - min));
            String[] cents = {"29", "49", "79", "99"};
            BigDecimal price = new BigDecimal(whole + "." + cents[r.nextInt(cents.length)]);
            products.add(new Product(id, name, price));
            ps.setInt(1, id);
            ps.setString(2, name);
            ps.setInt(3, cat + 1);
            ps.setInt(4, 1 + r.nextInt(SUPPLIERS.length));
            ps.setBigDecimal(5, price);
            ps.setInt(6, r.nextInt(10) == 0 ? 0 : 5 + r.nextInt(295));
            ps.setBoolean(7, r.nextInt(20) == 0);
            ps.addBatch();
          }
        }
        ps.executeBatch();
      }
      return products;
    }

    private List<Customer> insertCustomers(Connection c) throws SQLException {
      List<Customer> customers = new ArrayList<>();
      int[] weights = new int[COUNTRIES.length];
      for (int i = 0; i < COUNTRIES.length; i++) weights[i] = (Integer) COUNTRIES[i][1];
      Set<String> emails = new LinkedHashSet<>();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int id = 1; id <= CUSTOMERS; id++) {
          Object[] country = COUNTRIES[weighted(weights)];
          String first = pick(FIRST_NAMES);
          String last = pick(LAST_NAMES);
          String email = slug(first) + "." + slug(last) + "@example.com";
          for (int n = 2; !emails.add(email); n++) email = slug(first) + "." + slug(last) + n + "@example.com";
          String city = pick((String[]) country[3]);
          LocalDate signup = FIRST_ORDER.minusDays(365).plusDays(r.nextInt(365 * 4));
          customers.add(new Customer(id, city, (String) country[0], signup));
          ps.setInt(1, id);
          ps.setString(2, first);
          ps.setString(3, last);
          ps.setString(4, email);
          if (r.nextInt(10) == 0) {
            ps.setNull(5, Types.VARCHAR);
          } else {
            ps.setString(5, phone((String) country[2]));
          }
          ps.setString(6, city);
          ps.setString(7, (String) country[0]);
          ps.setDate(8, Date.valueOf(signup));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return customers;
    }

    /** Inserts the staff; returns the ids of the sales representatives. */
    private List<Integer> insertEmployees(Connection c) throws SQLException {
      // title, manager (1-based index into this list, 0 = none), salary range, country index
      Object[][] staff = {
        {"Chief Executive Officer", 0, 180_000, 220_000, 0},
        {"Head of Sales", 1, 120_000, 150_000, 0},
        {"Head of Operations", 1, 110_000, 140_000, 0},
        {"Sales Representative", 2, 55_000, 75_000, 0},
        {"Sales Representative", 2, 55_000, 75_000, 1},
        {"Sales Representative", 2, 50_000, 70_000, 2},
        {"Sales Representative", 2, 50_000, 70_000, 3},
        {"Sales Representative", 2, 50_000, 70_000, 5},
        {"Warehouse Manager", 3, 65_000, 80_000, 0},
        {"Customer Support Specialist", 3, 42_000, 52_000, 0},
        {"Customer Support Specialist", 3, 40_000, 50_000, 4},
        {"Data Analyst", 1, 75_000, 95_000, 0},
      };
      List<Integer> reps = new ArrayList<>();
      Set<String> emails = new LinkedHashSet<>();
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO employees VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < staff.length; i++) {
          Object[] s = staff[i];
          int id = i + 1;
          String first = pick(FIRST_NAMES);
          String last = pick(LAST_NAMES);
          String email = slug(first) + "." + slug(last) + "@shop.example.com";
          for (int n = 2; !emails.add(email); n++) email = slug(first) + "." + slug(last) + n + "@shop.example.com";
          Object[] country = COUNTRIES[(Integer) s[4]];
          int low = (Integer) s[2];
          int high = (Integer) s[3];
          ps.setInt(1, id);
          ps.setString(2, first);
          ps.setString(3, last);
          ps.setString(4, (String) s[0]);
          ps.setString(5, email);
          ps.setDate(6, Date.valueOf(LocalDate.of(2015, 1, 5).plusDays(i == 0 ? 0 : r.nextInt(365 * 7))));
          ps.setBigDecimal(7, BigDecimal.valueOf(low + 500L * r.nextInt((high - low) / 500 + 1)).setScale(2));
          if ((Integer) s[1] == 0) {
            ps.setNull(8, Types.INTEGER);
          } else {
            ps.setInt(8, (Integer) s[1]);
          }
          ps.setString(9, pick((String[]) country[3]));
          ps.setString(10, (String) country[0]);
          ps.addBatch();
          if (s[0].equals("Sales Representative")) reps.add(id);
        }
        ps.executeBatch();
      }
      return reps;
    }

    private void insertOrders(Connection c, List<Product> products, List<Customer> customers, List<Integer> reps)
        throws SQLException {
      List<Order> orders = new ArrayList<>();
      for (int i = 0; i < ORDERS; i++) {
        // some customers order much more often than others
        Customer cu = customers.get((int) (customers.size() * Math.pow(r.nextDouble(), 1.4)));
        LocalDate from = cu.signup().isAfter(FIRST_ORDER) ? cu.signup() : FIRST_ORDER;
        long days = ChronoUnit.DAYS.between(from, LAST_ORDER);
        orders.add(new Order(cu.id(), from.plusDays(days <= 0 ? 0 : r.nextInt((int) days + 1))));
      }
      orders.sort(Comparator.comparing(Order::date)); // stable: ids grow with the date
      List<Product> popularity = new ArrayList<>(products);
      Collections.shuffle(popularity, r);

      List<Item> delivered = new ArrayList<>();
      List<LocalDate> deliveredDates = new ArrayList<>();
      try (PreparedStatement po = c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement pi = c.prepareStatement("INSERT INTO order_items VALUES (?, ?, ?, ?, ?, ?)");
          PreparedStatement pp = c.prepareStatement("INSERT INTO payments VALUES (?, ?, ?, ?, ?)");
          PreparedStatement psh = c.prepareStatement("INSERT INTO shipments VALUES (?, ?, ?, ?, ?, ?)")) {
        int itemId = 0;
        int paymentId = 0;
        int shipmentId = 0;
        for (int i = 0; i < orders.size(); i++) {
          Order o = orders.get(i);
          int orderId = i + 1;
          Customer cu = customers.get(o.customer() - 1);
          String status = STATUSES[weighted(STATUS_WEIGHTS)];
          int lines = 1 + weighted(new int[] {30, 30, 20, 12, 8});
          Set<Product> chosen = new LinkedHashSet<>();
          while (chosen.size() < lines) {
            chosen.add(popularity.get((int) (popularity.size() * Math.pow(r.nextDouble(), 1.25))));
          }
          BigDecimal total = BigDecimal.ZERO;
          List<Object[]> itemRows = new ArrayList<>();
          for (Product p : chosen) {
            int quantity = 1 + weighted(new int[] {40, 25, 15, 8, 5, 3, 2, 1, 1});
            BigDecimal discount = new BigDecimal(new String[] {"0.00", "0.05", "0.10", "0.15"}[weighted(new int[] {75, 12, 9, 4})]);
            total =
                total.add(p.price().multiply(BigDecimal.valueOf(quantity)).multiply(BigDecimal.ONE.subtract(discount)));
            itemRows.add(new Object[] {++itemId, p.id(), quantity, p.price(), discount});
          }
          total = total.setScale(2, RoundingMode.HALF_UP);
          po.setInt(1, orderId);
          po.setInt(2, cu.id());
          po.setInt(3, reps.get(r.nextInt(reps.size())));
          po.setDate(4, Date.valueOf(o.date()));
          po.setString(5, status);
          po.setString(6, cu.city());
          po.setString(7, cu.country());
          po.setBigDecimal(8, total);
          po.addBatch();
          for (Object[] row : itemRows) {
            pi.setInt(1, (Integer) row[0]);
            pi.setInt(2, orderId);
            pi.setInt(3, (Integer) row[1]);
            pi.setInt(4, (Integer) row[2]);
            pi.setBigDecimal(5, (BigDecimal) row[3]);
            pi.setBigDecimal(6, (BigDecimal) row[4]);
            pi.addBatch();
          }
          boolean paid = !status.equals("pending") && !status.equals("cancelled");
          if (paid) {
            pp.setInt(1, ++paymentId);
            pp.setInt(2, orderId);
            pp.setDate(3, Date.valueOf(o.date().plusDays(r.nextInt(3))));
            pp.setBigDecimal(4, total);
            pp.setString(5, METHODS[weighted(METHOD_WEIGHTS)]);
            pp.addBatch();
          }
          if (status.equals("shipped") || status.equals("delivered")) {
            String carrier = cu.country().equals("Brazil") && r.nextBoolean() ? "Correios" : pick(CARRIERS);
            LocalDate shipped = o.date().plusDays(1 + r.nextInt(4));
            LocalDate arrived = status.equals("delivered") ? shipped.plusDays(2 + r.nextInt(8)) : null;
            psh.setInt(1, ++shipmentId);
            psh.setInt(2, orderId);
            psh.setString(3, carrier);
            psh.setString(4, carrier.substring(0, 2).toUpperCase(Locale.ROOT) + String.format(Locale.ROOT, "%010d",
                (long) (r.nextDouble() * 10_000_000_000L)));
            psh.setDate(5, Date.valueOf(shipped));
            if (arrived == null) {
              psh.setNull(6, Types.DATE);
            } else {
              psh.setDate(6, Date.valueOf(arrived));
              for (Object[] row : itemRows) {
                delivered.add(new Item(orderId, (Integer) row[1], cu.id()));
                deliveredDates.add(arrived);
              }
            }
            psh.addBatch();
          }
        }
        po.executeBatch();
        pi.executeBatch();
        pp.executeBatch();
        psh.executeBatch();
      }
      insertReviews(c, delivered, deliveredDates);
    }

    private void insertReviews(Connection c, List<Item> delivered, List<LocalDate> dates) throws SQLException {
      Set<String> reviewed = new LinkedHashSet<>();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO reviews VALUES (?, ?, ?, ?, ?, ?)")) {
        int id = 0;
        for (int i = 0; i < delivered.size(); i++) {
          Item item = delivered.get(i);
          if (r.nextInt(100) >= 24 || !reviewed.add(item.customerId() + "/" + item.productId())) continue;
          int rating = 5 - weighted(new int[] {40, 30, 15, 8, 7});
          LocalDate date = dates.get(i).plusDays(1 + r.nextInt(30));
          ps.setInt(1, ++id);
          ps.setInt(2, item.productId());
          ps.setInt(3, item.customerId());
          ps.setInt(4, rating);
          ps.setDate(5, Date.valueOf(date.isAfter(TODAY) ? TODAY : date));
          if (r.nextInt(8) == 0) {
            ps.setNull(6, Types.VARCHAR);
          } else {
            ps.setString(6, pick(REVIEW_TEXTS[rating - 1]));
          }
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }

    private String pick(String[] values) {
      return values[r.nextInt(values.length)];
    }

    private int weighted(int[] weights) {
      int sum = 0;
      for (int w : weights) sum += w;
      int x = r.nextInt(sum);
      for (int i = 0; i < weights.length; i++) {
        x -= weights[i];
        if (x < 0) return i;
      }
      return weights.length - 1;
    }

    private String phone(String dialCode) {
      return "+" + dialCode + " " + (100 + r.nextInt(900)) + " " + (100 + r.nextInt(900)) + " "
          + (1000 + r.nextInt(9000));
    }

    private static String dialCode(String country) {
      for (Object[] c : COUNTRIES) {
        if (c[0].equals(country)) return (String) c[2];
      }
      return "1";
    }

    private static String slug(String s) {
      String ascii = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
      return ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "");
    }
  }
}
